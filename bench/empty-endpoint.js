// The baseline HTTP server: a NestJS app with one empty endpoint, nothing else.
require('reflect-metadata');
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');

class PingController {
  ping() {
    return { ok: true };
  }
}
Get('ping')(PingController.prototype, 'ping', Object.getOwnPropertyDescriptor(PingController.prototype, 'ping'));
Controller()(PingController);

class PingModule {}
Module({ controllers: [PingController] })(PingModule);

NestFactory.create(PingModule, { logger: false }).then((app) => app.listen(Number(process.env.PORT), '127.0.0.1')).then(() => console.log('ready'));
