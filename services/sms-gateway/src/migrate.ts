import { migrateFromCommandLine } from '@threadline/platform';
import { smsGatewayService } from './sms-gateway.service';

void migrateFromCommandLine(smsGatewayService);
