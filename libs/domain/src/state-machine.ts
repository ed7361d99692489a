import { DomainError } from './domain-error';

/**
 * Allowed transitions of a lifecycle; anything else is refused with a message naming both states.
 */
export class StateMachine<S extends string> {
  constructor(
    private readonly name: string,
    private readonly transitions: Readonly<Record<S, readonly S[]>>,
  ) {}

  canMove(from: S, to: S): boolean {
    return this.transitions[from]?.includes(to) ?? false;
  }

  assertMove(from: S, to: S): void {
    if (!this.canMove(from, to)) {
      throw new DomainError('conflict', `${this.name}-invalid-transition`, `A ${this.name} that is ${from} cannot become ${to}`, { from, to });
    }
  }

  next(from: S): readonly S[] {
    return this.transitions[from] ?? [];
  }
}
