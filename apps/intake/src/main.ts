import './tracing'; // first: tracing must start before anything it instruments is loaded
import 'reflect-metadata';
import { runService } from '@mutuals/http';
import { intakeService } from './service';

void runService(intakeService);
