import 'reflect-metadata';
import { runService } from '@mutuals/http';
import { notificationsService } from './service';

void runService(notificationsService);
