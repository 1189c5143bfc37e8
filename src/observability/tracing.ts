import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, type SpanExporter } from '@opentelemetry/sdk-trace-base';
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
  /** Exports the spans ended so far. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry tracing for this process when configured (TRACING_EXPORTER console or otlp), and
 * registers the provider globally, so that the API's request spans are the parents of the workflow and
 * activity spans the Temporal interceptors make. Undefined when tracing is off. Tests pass their own exporter.
 */
export function startTracing(
  config: AppConfig['tracing'],
  serviceName: string,
  exporter: SpanExporter | undefined = exporterFor(config),
): Tracing | undefined {
  if (!exporter) return undefined;
  const spanProcessor = new BatchSpanProcessor(exporter);
  const resource = new Resource({ 'service.name': serviceName });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  return {
    clientInterceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
    workerPlugin: new OpenTelemetryPlugin({ resource, spanProcessor }),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

/** The exporter the config names; undefined when tracing is off. */
function exporterFor(config: AppConfig['tracing']): SpanExporter | undefined {
  if (config.exporter === 'none') return undefined;
  if (config.exporter === 'console') return new ConsoleSpanExporter();
  return new OTLPTraceExporter(config.otlpUrl ? { url: config.otlpUrl } : {});
}
