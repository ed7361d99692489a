import './tracing'; // first: tracing must start before anything it instruments is loaded
import 'reflect-metadata';
import { runService } from '@mutuals/http';
import { notificationsService } from './service';

void runService(notificationsService);
