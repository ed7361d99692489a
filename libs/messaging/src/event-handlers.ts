import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { EventContract } from '@mutuals/contracts';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging-options';
import { EventHandler, ON_EVENT, ON_EVENT_OPTIONS, OnEventOptions } from './on-event';

interface Registered {
  contract: EventContract;
  handler: EventHandler;
  owner: string;
  /** May share a transaction with the other events of its Kafka batch (see `OnEventOptions`). */
  batch: boolean;
}

/**
 * This service's event handlers by event type: the `@OnEvent` methods of its providers, and any
 * registered in code. Checked against `consumes` at start, so a declared event without a handler
 * (or a handler for an undeclared one) stops the service instead of silently dropping events.
 */
@Injectable()
export class EventHandlers implements OnModuleInit {
  private readonly byType = new Map<string, Registered>();

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit() {
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const contract = this.reflector.get<EventContract | undefined>(ON_EVENT, prototype[method]);
        if (!contract) continue;
        const options = this.reflector.get<OnEventOptions | undefined>(ON_EVENT_OPTIONS, prototype[method]);
        this.register(contract, (prototype[method] as EventHandler).bind(instance), `${wrapper.name}.${method}`, options);
      }
    }
  }

  register(contract: EventContract, handler: EventHandler, owner = 'code', options: OnEventOptions = {}): void {
    const existing = this.byType.get(contract.type);
    if (existing) throw new Error(`${contract.type} has two handlers: ${existing.owner} and ${owner}`);
    this.byType.set(contract.type, { contract, handler, owner, batch: options.batch === true });
  }

  get(type: string): Registered | undefined {
    return this.byType.get(type);
  }

  /** Every consumed event has a handler and every handler a declared event. */
  assertComplete(): void {
    const declared = new Set(this.options.consumes.map((c) => c.type));
    const missing = [...declared].filter((type) => !this.byType.has(type));
    const undeclared = [...this.byType.keys()].filter((type) => !declared.has(type));
    if (missing.length > 0) throw new Error(`no handler for consumed events: ${missing.join(', ')}`);
    if (undeclared.length > 0) throw new Error(`handlers for events not declared in consumes: ${undeclared.join(', ')}`);
  }
}
