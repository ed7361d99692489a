import 'reflect-metadata';
import { runPortal } from './portal';

void runPortal();
