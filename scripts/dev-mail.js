#!/usr/bin/env node
// A local mail catcher for `npm run dev`: accepts SMTP on 127.0.0.1:1025 and keeps each message in .local/mail/.
const { SMTPServer } = require('smtp-server');
const fs = require('node:fs');
const path = require('node:path');

const dir = path.resolve(__dirname, '../.local/mail');
fs.mkdirSync(dir, { recursive: true });
let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${++count}.eml`);
    stream.pipe(fs.createWriteStream(file)).on('finish', () => callback());
  },
});
server.listen(Number(process.env.DEV_SMTP_PORT || 1025), '127.0.0.1', () => console.log(`mail catcher on smtp://127.0.0.1:1025, messages in ${dir}`));
