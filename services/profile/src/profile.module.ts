import { Module } from '@nestjs/common';
import { ProfileHandlers } from './infra/profile.handlers';

@Module({ providers: [ProfileHandlers] })
export class ProfileModule {}
