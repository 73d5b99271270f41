import type { StartDemoServer } from '../core/account';
import { startSimulator } from './server';

/**
 * The demo account's server: the simulator on a free loopback port, accepting only the demo's
 * made-up credentials, with customers who answer some messages a few seconds later, and without
 * its unsigned /__sim control routes (any web page can reach a loopback port). The shell
 * and the preview hand this to the core (ServiceConfig.startDemoServer); the core never imports
 * the simulator itself.
 */
export const startDemoServer: StartDemoServer = ({ credentials, timeZone, seed, messages, months }) =>
  startSimulator({ seed, messages, months, timeZone, accounts: [credentials], replyRate: 0.6, replyDelayMs: [4_000, 15_000], control: false });
