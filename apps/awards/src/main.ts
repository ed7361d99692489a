import 'reflect-metadata';
import { runService } from '@mutuals/http';
import { awardsService } from './service';

void runService(awardsService);
