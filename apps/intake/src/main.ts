import 'reflect-metadata';
import { runService } from '@mutuals/http';
import { intakeService } from './service';

void runService(intakeService);
