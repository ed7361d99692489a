import './tracing'; // first: tracing must start before anything it instruments is loaded
import 'reflect-metadata';
import { runPortal } from './portal';

void runPortal();
