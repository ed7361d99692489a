import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { DemoDataSeeder } from './demo-data.seeder';

@Module({ imports: [ContactsModule], providers: [DemoDataSeeder] })
export class DemoModule {}
