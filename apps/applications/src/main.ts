import 'reflect-metadata';
import { runService } from '@mutuals/http';
import { applicationsService } from './service';

void runService(applicationsService);
