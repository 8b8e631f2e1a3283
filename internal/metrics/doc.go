// Package metrics exposes psabridge's Prometheus metrics.
//
// Two kinds of metric come from two places. Calls to ConnectWise are counted
// as they happen, by an http.RoundTripper (Transport) around the client
// psabridge calls ConnectWise with: per endpoint (the API path with ids
// replaced by {id}, never the query), method and status, with latency, 429
// answers and the waits ConnectWise asks for in Retry-After. Reports, jobs
// and billing changes are read from the database when Prometheus scrapes
// (Handler): every instance sharing one database reports the same figures,
// and a restart loses nothing.
//
// Metric names:
//
//	psabridge_connectwise_requests_total{endpoint,method,status}
//	psabridge_connectwise_request_duration_seconds{endpoint,method}
//	psabridge_connectwise_rate_limited_total{endpoint}
//	psabridge_connectwise_retry_after_seconds
//	psabridge_reports_received, _analysed, _ticketed, _failed
//	psabridge_reports{status}
//	psabridge_jobs{kind,state}
//	psabridge_billing_changes{result}
//	psabridge_scrape_errors_total
package metrics
