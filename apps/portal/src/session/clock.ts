/** The time sessions are judged by; a provider so tests can move it on instead of waiting. */
export class Clock {
  now(): Date {
    return new Date();
  }
}
