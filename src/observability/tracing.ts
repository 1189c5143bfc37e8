import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  OpenTelemetryPlugin,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { AppConfig } from '../config';

/** What a process plugs into Temporal to trace: client interceptors (API), a worker plugin (worker). */
export interface Tracing {
  /** For `new Client({ interceptors })`: starting a workflow carries the active span into its headers. */
  clientInterceptors: { workflow: OpenTelemetryWorkflowClientInterceptor[] };
  /** For `Worker.create({ plugins })`: workflow and activity spans, children of the caller's. */
  workerPlugin: OpenTelemetryPlugin;
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry tracing for this process when configured (TRACING_EXPORTER console or otlp), and
 * registers the provider globally, so that the API's request spans are the parents of the workflow and
 * activity spans the Temporal interceptors make. Undefined when tracing is off.
 */
export function startTracing(config: AppConfig['tracing'], serviceName: string): Tracing | undefined {
  if (config.exporter === 'none') return undefined;
  const exporter =
    config.exporter === 'console'
      ? new ConsoleSpanExporter()
      : new OTLPTraceExporter(config.otlpUrl ? { url: config.otlpUrl } : {});
  const spanProcessor = new BatchSpanProcessor(exporter);
  const resource = new Resource({ 'service.name': serviceName });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  return {
    clientInterceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
    workerPlugin: new OpenTelemetryPlugin({ resource, spanProcessor }),
    shutdown: () => provider.shutdown(),
  };
}
