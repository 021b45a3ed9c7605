import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';

// The SDK always calls https://api.twilio.com; point it at the simulator instead, as the
// gateway does with TWILIO_API_BASE_URL.
class SimulatorRequestClient extends RequestClient {
  constructor(private readonly simulatorUrl: string) {
    super();
  }

  override request<TData>(options: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    return super.request<TData>({
      ...options,
      uri: options.uri.replace('https://api.twilio.com', this.simulatorUrl),
    });
  }
}

/** The official Twilio SDK, talking to the simulator. */
export function twilioClientFor(simulatorUrl: string, accountSid: string, authToken: string): twilio.Twilio {
  return twilio(accountSid, authToken, { httpClient: new SimulatorRequestClient(simulatorUrl) });
}
