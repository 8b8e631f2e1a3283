// Package mailcheck finds the reported message inside a report, parses it
// and produces the security results for the service-desk ticket. It works
// offline: nothing is fetched, opened or executed.
//
// # Input
//
// Analyze takes the bytes of one submitted file: a report (an e-mail that
// carries the suspicious message as an attachment) or the suspicious
// message itself. Before parsing, a UTF-8 byte-order mark, an mbox "From "
// line and free text before the first header line are removed, each noted
// as a defect. A file starting with the OLE signature is an Outlook .msg
// (read by package msg, MS-OXMSG); one starting with the TNEF signature is
// a winmail.dat (package tnef, MS-OXTNEF). Both are rewritten as MIME
// (transport headers, bodies, the RTF body's text, attachments, embedded
// messages as message/rfc822) so every check runs on them; Message.Raw
// stays the file as received.
//
// # Report or bare message
//
// An attached original is a message/rfc822 part (any disposition and
// transfer encoding), a part named *.eml (e.g. application/octet-stream),
// an Outlook .msg (application/vnd.ms-outlook or *.msg) or a TNEF
// winmail.dat (application/ms-tnef). The input is a report, and its From
// is the reporter, when it has a From and at least one attached original
// and either
//
//   - Options.ReportedBy equals its From address (the caller knows the
//     reporter), or
//   - it is not a delivery or read notification (multipart/report, or a
//     message/delivery-status or message/disposition-notification part),
//     and no attached original repeats both its From address and its
//     Subject (a filter re-wrapping a message it caught, such as
//     SpamAssassin's report_safe, does that). An original that could not
//     be parsed (.msg, TNEF) counts as different.
//
// Otherwise the input itself is the single original and there is no
// reporter. A user who reports a message that forges the user's own
// address with its subject unchanged is only recognised with ReportedBy.
//
// # Findings
//
// Each original gets the findings below. The weight of a finding is its
// severity: low 1, medium 3, high 5.
//
//	id                     severity    meaning
//	reply_to_mismatch      medium      a Reply-To is outside the From registrable domain
//	return_path_mismatch   low         the Return-Path is outside the From registrable domain
//	display_name_address   medium/low  the From display name holds another address (medium)
//	                                   or repeats the real one (low)
//	ip_literal_url         medium      a link points to an IP address (dotted, decimal,
//	                                   octal or hex form)
//	html_form              high        the HTML body or an HTML attachment has a form
//	link_text_mismatch     medium      a link's text shows another domain than its target
//	executable_attachment  high        an attachment is a program, script, shortcut or disk
//	                                   image (by name or by content)
//	html_attachment        medium      an attachment opens in a web browser (.html, .svg, ...)
//	double_extension       high        an attachment name hides its type (invoice.pdf.exe,
//	                                   right-to-left override)
//	encrypted_attachment   medium      a ZIP attachment has encrypted entries, not inspected
//	spf_fail               medium/low  SPF failed (medium) or soft-failed (low) at receipt
//	dkim_fail              low         DKIM failed at receipt and no signature passed
//	dmarc_fail             high        DMARC failed at receipt
//	macro_document         high        an Office attachment carries VBA macros
//	external_reference     high        an Office attachment loads a remote template or object
//	pdf_active_content     high        a PDF has /JavaScript, /Launch, /EmbeddedFile, ...
//	                                   (or an RTF file embeds OLE objects)
//	html_smuggling         high        HTML (body or attachment) builds a file in the browser
//	qr_code_url            medium      a QR code in an image or data: URI leads to a web URL
//	lookalike_domain       high        a sender domain or link host imitates a client domain
//	                                   (Options.ClientDomains) or a commonly impersonated
//	                                   brand: mixed scripts, confusable skeleton, small edit
//	                                   distance, or the brand's domain put in front of another
//	simulation             info        the simulation header is present (weight 0)
//
// Archive entries (ZIP extracted in memory, RAR and 7z listed) are
// checked like attachments, their names shown as "archive.zip › entry".
//
// # Bounds
//
// Options bounds message size, MIME parts and depth, archive nesting,
// bytes decompressed per message and compression ratio. Going over a
// bound is a defect; what was read is still analysed.
//
// # Other results
//
// Each original also carries its DKIM signatures (domain, selector,
// alignment with From, and the body hash checked offline), the newest ARC
// set, the delivery path from its Received headers (oldest first, delays,
// anomalies, originating IP: the first public sender outside
// Options.TrustedHosts and Microsoft 365's relays), links unwrapped from
// Safe Links, urldefense and Google redirects, and for attachments
// MD5/SHA-1/SHA-256, the sniffed type and what their content showed.
//
// Registrable domains come from the public suffix list compiled into
// golang.org/x/net/publicsuffix. Authentication results are those of the
// top-most Authentication-Results header(s), written by the receiving
// system; Microsoft's form without an authserv-id is accepted.
//
// # Score and verdict
//
// A message's score is the sum of its finding weights; a report's score
// is the highest score of its originals. Score 6 or more is
// likely_phishing, 2 to 5 suspicious, less no_indicators. When the
// simulation header (Options.SimulationHeader) is on the report or on an
// original, the verdict is simulation whatever the score, and
// Result.SimulationHandling says what the partner chose to do with such
// reports (ticket, ticket_closed or record_only).
//
// # Defects
//
// Result.Defects lists problems of the submitted file as a whole
// (truncation, and for a report the wrapper's parser warnings);
// Message.Defects lists those of one original, including removed prefixes
// when the input is a bare message.
package mailcheck
