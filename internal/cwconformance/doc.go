// Package cwconformance is one suite of ConnectWise client behaviour that
// runs against the sandbox in every test run and, behind the cwlive build
// tag, against a real ConnectWise Manage instance (see
// docs/connectwise-sandbox.md). Its ValidatingTransport checks every request
// the client sends and every answer it gets against the OpenAPI subset in
// ../shared/cw-openapi, so the sandbox and the client are held to the same
// contract as the real API.
package cwconformance
