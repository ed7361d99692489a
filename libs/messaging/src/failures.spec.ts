import { ConflictException, InternalServerErrorException, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { classifyFailure, EventRejected } from './failures';

const pgError = (code: string, message = 'boom') => Object.assign(new Error(message), { code });
const queryFailed = (code: string, message = 'boom') => new QueryFailedError('select 1', [], pgError(code, message));

describe('classifying a handler failure', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['our session terminated by the administrator (57P01)', queryFailed('57P01', 'terminating connection due to administrator command')],
    ['the server starting up (57P03)', queryFailed('57P03')],
    ['too many connections (53300)', queryFailed('53300')],
    ['a connection exception (08006)', queryFailed('08006')],
    ['a serialization failure (40001)', queryFailed('40001')],
    ['a deadlock (40P01)', queryFailed('40P01')],
    ['a database refusing connections', pgError('55000', 'database "mutuals_awards" is not currently accepting connections')],
    ['the pool timing out', new Error('timeout exceeded when trying to connect')],
    ['the connection dropping mid-query', new Error('Connection terminated unexpectedly')],
    ['a retriable Kafka error', Object.assign(new Error('leader not available'), { name: 'KafkaJSProtocolError', retriable: true })],
    ['a Kafka connection error', Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError', retriable: false })],
    ['a transient cause wrapped in another error', new Error('could not save', { cause: queryFailed('57P01') })],
  ])('%s is transient: retried until the dependency is back', (_, err) => {
    expect(classifyFailure(err)).toBe('transient');
  });

  it.each([
    ['a rule refusing the event', new EventRejected('the round is closed')],
    ['a 404 from the domain', new NotFoundException('no such case')],
    ['a 409 from the domain', new ConflictException('already decided')],
  ])('%s is rejected: dead-lettered at once', (_, err) => {
    expect(classifyFailure(err)).toBe('rejected');
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a constraint the data breaks (23505)', queryFailed('23505', 'duplicate key value')],
    ['a 500 from the domain', new InternalServerErrorException()],
  ])('%s is a failure: a few attempts, then dead-lettered for a replay after the fix', (_, err) => {
    expect(classifyFailure(err)).toBe('failed');
  });
});
