package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/mailcheck"
)

// newAnalyzeCommand builds "psabridge analyze FILE": the security results
// of one reported or suspicious e-mail, offline.
func newAnalyzeCommand() *cobra.Command {
	var (
		asJSON bool
		opts   mailcheck.Options
	)
	cmd := &cobra.Command{
		Use:   "analyze FILE",
		Short: "Analyse a reported e-mail (.eml, .msg, winmail.dat) offline and print the results",
		Long: "Analyse a reported e-mail offline: finds the original(s) inside a report, checks\n" +
			"authentication, sender, path, links and attachments, and prints findings and a verdict.\n" +
			"Nothing is opened, fetched or executed. FILE may be - for standard input.",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return &usageError{errors.New("analyze takes exactly one FILE (or - for standard input)")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAnalyze(cmd.OutOrStdout(), args[0], opts, asJSON)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print the results as one JSON object")
	f.StringSliceVar(&opts.ClientDomains, "client-domain", nil,
		"a client company's domain; look-alikes of it are flagged (repeatable)")
	f.StringSliceVar(&opts.TrustedHosts, "trusted-host", nil,
		"a receiving host or IP to skip when finding the originating IP (repeatable)")
	f.StringVar(&opts.ReportedBy, "reported-by", "", "the reporter's address, when known")
	f.StringVar(&opts.SimulationHeader, "simulation-header", mailcheck.DefaultSimulationHeader,
		"header that marks the platform's own phishing simulations")
	return cmd
}

// runAnalyze reads the file, analyses it and prints the results.
func runAnalyze(out io.Writer, path string, opts mailcheck.Options, asJSON bool) error {
	raw, err := readInput(path)
	if err != nil {
		return err
	}
	res, err := mailcheck.Analyze(raw, opts)
	if err != nil {
		return fmt.Errorf("analysing %s: %w", path, err)
	}
	if asJSON {
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		return enc.Encode(res)
	}
	printAnalysis(out, res)
	return nil
}

// readInput reads a file, or standard input for "-".
func readInput(path string) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(os.Stdin)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return raw, nil
}

// printAnalysis writes the results for a person: verdict and findings
// first, then each original. Links and addresses are defanged.
func printAnalysis(w io.Writer, r *mailcheck.Result) {
	fmt.Fprintf(w, "Verdict: %s (score %d)\n", r.Verdict, r.Score)
	for _, f := range r.Findings {
		fmt.Fprintf(w, "  [%s] %s: %s\n", f.Severity, f.ID, f.Evidence)
	}
	if r.Reporter != nil {
		fmt.Fprintf(w, "Reporter: %s\n", mailcheck.Defang(r.Reporter.Address))
	}
	for i, m := range r.Originals {
		fmt.Fprintf(w, "\nOriginal %d (%s, %d bytes, sha256 %s)\n", i+1, m.Format, m.Size, m.SHA256)
		printOriginal(w, m)
	}
	printList(w, "Defects", r.Defects)
}

// printOriginal writes one original's identity, authentication, links
// and attachments.
func printOriginal(w io.Writer, m *mailcheck.Message) {
	fmt.Fprintf(w, "  Subject: %s\n  Date: %s\n", m.Subject, m.Date)
	if m.From != nil {
		fmt.Fprintf(w, "  From: %s <%s>\n", m.From.Name, mailcheck.Defang(m.From.Address))
	}
	for _, r := range m.ReplyTo {
		fmt.Fprintf(w, "  Reply-To: %s\n", mailcheck.Defang(r.Address))
	}
	if m.ReturnPath != "" {
		fmt.Fprintf(w, "  Return-Path: %s\n", mailcheck.Defang(m.ReturnPath))
	}
	a := m.Authentication
	fmt.Fprintf(w, "  Authentication: spf=%s dkim=%s dmarc=%s compauth=%s\n",
		orNone(a.SPF), orNone(a.DKIM), orNone(a.DMARC), orNone(a.CompAuth))
	for _, u := range m.URLs {
		fmt.Fprintf(w, "  Link (%s): %s\n", u.Source, u.Defanged)
	}
	for _, at := range m.Attachments {
		fmt.Fprintf(w, "  Attachment: %q %s (sniffed %s) %d bytes sha256 %s\n",
			at.Name, at.ContentType, at.SniffedType, at.Size, at.SHA256)
	}
	printList(w, "  Defects", m.Defects)
}

// printList writes a titled list, or nothing when it is empty.
func printList(w io.Writer, title string, items []string) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintf(w, "%s:\n", title)
	indent := strings.Repeat(" ", len(title)-len(strings.TrimLeft(title, " "))+2)
	for _, it := range items {
		fmt.Fprintf(w, "%s%s\n", indent, it)
	}
}

// orNone shows an absent result as "none".
func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
