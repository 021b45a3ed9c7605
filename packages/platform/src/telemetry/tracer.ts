import { trace } from '@opentelemetry/api';

/** The tracer for spans the platform makes itself (publish, consume). */
export const platformTracer = () => trace.getTracer('@threadline/platform');
