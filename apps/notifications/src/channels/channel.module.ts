import { DynamicModule, Global, Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import { NotificationsConfig } from '../config';
import { MESSAGE_CHANNEL, MessageChannel } from './channel';
import { NotifyChannel } from './notify.channel';
import { SmtpChannel } from './smtp.channel';

/** GOV.UK Notify when a Notify key is set, SMTP otherwise. */
export function channelFor(config: NotificationsConfig): MessageChannel {
  if (config.NOTIFY_API_KEY) return new NotifyChannel(config.NOTIFY_API_KEY, config.NOTIFY_BASE_URL);
  return new SmtpChannel(config.SMTP_URL, config.MAIL_FROM);
}

@Global()
@Module({})
export class ChannelModule implements OnApplicationShutdown {
  constructor(@Inject(MESSAGE_CHANNEL) private readonly channel: MessageChannel & { close?: () => void }) {}

  static forRoot(config: NotificationsConfig): DynamicModule {
    return {
      module: ChannelModule,
      providers: [{ provide: MESSAGE_CHANNEL, useFactory: () => channelFor(config) }],
      exports: [MESSAGE_CHANNEL],
    };
  }

  onApplicationShutdown() {
    this.channel.close?.();
  }
}
