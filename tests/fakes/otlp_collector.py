"""An OpenTelemetry collector stand-in: OTLP/HTTP on 127.0.0.1 that keeps the spans POSTed to /v1/traces."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest


class OtlpCollector(ThreadingHTTPServer):
    def __init__(self):
        self.exports: list[ExportTraceServiceRequest] = []
        collector = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path == "/v1/traces":
                    collector.exports.append(ExportTraceServiceRequest.FromString(body))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def span_names(self) -> set[str]:
        return {span.name for export in self.exports for resource in export.resource_spans
                for scope in resource.scope_spans for span in scope.spans}

    def services(self) -> set[str]:
        return {attr.value.string_value for export in self.exports for resource in export.resource_spans
                for attr in resource.resource.attributes if attr.key == "service.name"}
