// The roles step of a deployment: see setupRolesFromCommandLine.
import { setupRolesFromCommandLine } from '../service/command-line';

void setupRolesFromCommandLine();
