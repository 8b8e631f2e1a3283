package integration

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/outbound"
)

// explainConnect turns a failure to connect into a FieldError that names
// the field to fix and says how, in the partner's words. field is where a
// failure of unknown kind is attributed.
func explainConnect(err error, field string) error {
	for _, ex := range explanations {
		if !ex.match(err) {
			continue
		}
		if ex.advice == "" || strings.Contains(err.Error(), ex.advice) { // the cause already says it
			return &FieldError{Field: ex.field, Err: err}
		}
		return &FieldError{Field: ex.field, Err: fmt.Errorf("%s (%w)", ex.advice, err)}
	}
	return &FieldError{Field: field, Err: err}
}

type explanation struct {
	field  string
	advice string
	match  func(error) bool
}

var explanations = []explanation{
	{"company_id", "ConnectWise does not know this company ID: type it exactly as in the Company field of the ConnectWise login screen",
		func(err error) bool { return errors.Is(err, cwm.ErrUnknownCompany) }},
	{"url", "this host is not allowed: psabridge only calls public HTTPS addresses unless the operator allows a host " +
		"with --allow-host HOST[:PORT] or PSABRIDGE_ALLOW_HOST (an on-premise ConnectWise on the local network)",
		func(err error) bool { return errors.Is(err, outbound.ErrRefused) }},
	// ErrNotConnectWise says what to do itself.
	{"url", "", func(err error) bool { return errors.Is(err, cwm.ErrNotConnectWise) }},
	{"public_key", "ConnectWise refused the keys: check that the public and private key are the pair of one API key " +
		"of the API member (System › Members › API Members › API Keys), and that the company ID is typed exactly as on the login screen",
		isAuth},
	{"client_id", "ConnectWise refused the client ID: set PSABRIDGE_CLIENT_ID (or --client-id) to a client ID registered at the ConnectWise developer portal",
		isClientIDRefused},
	{"url", "the TLS certificate of this host cannot be trusted: check the URL, or install a trusted certificate on the on-premise server",
		isTLS},
	{"url", "this host name does not resolve: check the spelling of the URL",
		func(err error) bool { var d *net.DNSError; return errors.As(err, &d) }},
	{"url", "this host did not answer in time: check the URL and that the server is reachable from psabridge",
		isTimeout},
	{"url", "nothing answers at this address: check the URL and its port",
		isRefused},
}

func isAuth(err error) bool {
	var ae *cwm.AuthError
	return errors.As(err, &ae)
}

func isClientIDRefused(err error) bool {
	var ce *cwm.Error
	return errors.As(err, &ce) && ce.StatusCode == http.StatusBadRequest &&
		strings.Contains(strings.ToLower(ce.Code+" "+ce.Message), "clientid")
}

func isTLS(err error) bool {
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		verify   *tls.CertificateVerificationError
		record   tls.RecordHeaderError
	)
	return errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid) ||
		errors.As(err, &verify) || errors.As(err, &record)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func isRefused(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}
