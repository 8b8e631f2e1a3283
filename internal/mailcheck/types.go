package mailcheck

// Options bounds and steers Analyze. The zero value means the defaults.
type Options struct {
	// MaxMessageBytes is how much of the input is analysed; the rest is
	// dropped with a defect. Default 25 MiB.
	MaxMessageBytes int64

	// MaxParts is how many MIME parts of one message are looked at.
	// Default 500.
	MaxParts int

	// MaxDepth is how deep multipart nesting is followed. Default 8.
	MaxDepth int

	// ReportedBy is the reporter's address when the caller already knows
	// it (a submission "as reported by end user X"). A message from that
	// address that carries attached originals is taken as a report without
	// further checks. Empty means apply the rule in the package docs.
	ReportedBy string

	// MaxArchiveDepth is how deep archives inside archives are opened.
	// Default 3.
	MaxArchiveDepth int

	// MaxDecompressedBytes bounds the bytes extracted from the archives of
	// one message. Default 64 MiB.
	MaxDecompressedBytes int64

	// MaxCompressionRatio is the largest uncompressed to compressed size
	// ratio of an archive entry that is extracted. Default 100.
	MaxCompressionRatio int64

	// ClientDomains are the partner's client companies' domains: a sender
	// or link domain that resembles one without being it is a lookalike.
	ClientDomains []string

	// TrustedHosts are host names or IP addresses of the receiving
	// systems (the tenant's and its filters'): the first Received hop
	// outside them gives the originating IP. Microsoft 365's own hosts
	// are always trusted.
	TrustedHosts []string

	// SimulationHandling is what the partner wants done with a report of
	// one of its own simulations: SimulationTicket (the default),
	// SimulationTicketClosed or SimulationRecordOnly. Analyze copies it
	// into Result.SimulationHandling for the caller to act on.
	SimulationHandling string

	// SimulationHeader names the header that marks the platform's own
	// phishing simulations. Default "X-PSAbridge-Simulation".
	SimulationHeader string
}

// Default bounds used when an Options field is zero.
const (
	DefaultMaxMessageBytes  = 25 << 20
	DefaultMaxParts         = 500
	DefaultMaxDepth         = 8
	DefaultSimulationHeader = "X-PSAbridge-Simulation"

	DefaultMaxArchiveDepth      = 3
	DefaultMaxDecompressedBytes = 64 << 20
	DefaultMaxCompressionRatio  = 100
)

func (o Options) withDefaults() Options {
	if o.MaxMessageBytes <= 0 {
		o.MaxMessageBytes = DefaultMaxMessageBytes
	}
	if o.MaxParts <= 0 {
		o.MaxParts = DefaultMaxParts
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.MaxArchiveDepth <= 0 {
		o.MaxArchiveDepth = DefaultMaxArchiveDepth
	}
	if o.MaxDecompressedBytes <= 0 {
		o.MaxDecompressedBytes = DefaultMaxDecompressedBytes
	}
	if o.MaxCompressionRatio <= 0 {
		o.MaxCompressionRatio = DefaultMaxCompressionRatio
	}
	switch o.SimulationHandling {
	case SimulationTicketClosed, SimulationRecordOnly:
	default:
		o.SimulationHandling = SimulationTicket
	}
	if o.SimulationHeader == "" {
		o.SimulationHeader = DefaultSimulationHeader
	}
	return o
}

// Values of Options.SimulationHandling.
const (
	SimulationTicket       = "ticket"
	SimulationTicketClosed = "ticket_closed"
	SimulationRecordOnly   = "record_only"
)

// Verdict values of Result.Verdict.
const (
	VerdictLikelyPhishing = "likely_phishing"
	VerdictSuspicious     = "suspicious"
	VerdictNoIndicators   = "no_indicators"
	VerdictSimulation     = "simulation"
)

// Result is what Analyze found in one submitted file.
type Result struct {
	// Reporter is the wrapper's From when the input is a report.
	Reporter *Address `json:"reporter,omitempty"`
	IsReport bool     `json:"is_report"`

	// Originals holds at least one message: the attached originals of a
	// report, or the bare message itself when the input is not a report.
	Originals []*Message `json:"originals"`

	// Findings are the findings of all originals (each evidence prefixed
	// with the original's number when there are several).
	Findings []Finding `json:"findings"`
	Verdict  string    `json:"verdict"`
	Score    int       `json:"score"`
	// SimulationHandling is set when the verdict is simulation: what the
	// partner chose to do with such reports (see Options).
	SimulationHandling string `json:"simulation_handling,omitempty"`

	// Defects are problems met in the submitted file itself (prefixes
	// stripped, truncation, the wrapper's parser warnings).
	Defects []string `json:"defects"`

	parsed     []*parsedMessage // the originals with their parser state
	simulation bool             // a simulation header was seen
}

// Address is a mailbox: an optional display name and an address.
type Address struct {
	Name    string `json:"name,omitempty"`
	Address string `json:"address"`
}

// Message is one analysed e-mail: a reported original or a bare message.
type Message struct {
	Subject   string `json:"subject"`
	Date      string `json:"date"`
	MessageID string `json:"message_id"`

	From       *Address  `json:"from,omitempty"`
	ReplyTo    []Address `json:"reply_to"`
	ReturnPath string    `json:"return_path"`
	Sender     *Address  `json:"sender,omitempty"`
	To         []Address `json:"to"`

	// MessageIDDomain is the domain part of Message-ID, which senders'
	// software writes and forgers often forget to match.
	MessageIDDomain string `json:"message_id_domain,omitempty"`

	Authentication Authentication `json:"authentication"`
	// Path is the delivery path from the Received headers.
	Path        DeliveryPath `json:"path"`
	URLs        []URL        `json:"urls"`
	Attachments []Attachment `json:"attachments"`
	Findings    []Finding    `json:"findings"`
	// Score is the sum of this message's finding weights.
	Score int `json:"score"`

	// Format is how the original arrived: "eml", "msg" or "tnef".
	Format string `json:"format"`
	// FileName is the attachment's name when the original came attached
	// to a report.
	FileName string `json:"file_name,omitempty"`
	// Size and SHA256 describe Raw.
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`

	// Raw is the original message's bytes (what gets attached as .eml).
	Raw     []byte   `json:"-"`
	Defects []string `json:"defects"`
}

// Authentication holds the receiving system's verdicts, as written in the
// top-most Authentication-Results header(s): "pass", "fail", "softfail",
// "none" and so on, or "" when absent.
type Authentication struct {
	SPF      string   `json:"spf"`
	DKIM     string   `json:"dkim"`
	DMARC    string   `json:"dmarc"`
	CompAuth string   `json:"compauth"`
	Raw      []string `json:"raw"`
	// DKIMSignatures lists the message's DKIM signatures with alignment
	// and the offline body-hash check.
	DKIMSignatures []DKIMSignature `json:"dkim_signatures"`
	// ARC is the newest ARC set, when the message was forwarded by a
	// system that adds one.
	ARC *ARC `json:"arc,omitempty"`
}

// URL is one link found in a message, de-duplicated by its exact text.
type URL struct {
	URL      string `json:"url"`
	Defanged string `json:"defanged"`
	Host     string `json:"host"`
	// Source says where it was found: text, html_href, html_form,
	// html_src, html_meta_refresh, html_css, pdf_uri or qr_code.
	Source string `json:"source"`
	// Unwrapped is the real target, defanged, of a link wrapped by a
	// rewriter (Safe Links, urldefense, Google redirect); Host is then
	// that target's host.
	Unwrapped string `json:"unwrapped,omitempty"`
	// Text is the anchor text of an HTML link.
	Text string `json:"text,omitempty"`
}

// URL sources.
const (
	SourceText        = "text"
	SourceHTMLHref    = "html_href"
	SourceHTMLForm    = "html_form"
	SourceHTMLSrc     = "html_src"
	SourceMetaRefresh = "html_meta_refresh"
	SourceCSS         = "html_css"
	SourcePDF         = "pdf_uri"
	SourceQRCode      = "qr_code"
)

// Attachment is a non-body part of a message, inline images included, or
// an entry of an attached archive.
type Attachment struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	SniffedType string `json:"sniffed_type"`
	Size        int    `json:"size"`
	SHA256      string `json:"sha256"`
	// MD5 and SHA1 are for older threat-intelligence tools.
	MD5  string `json:"md5"`
	SHA1 string `json:"sha1"`
	// Encrypted is set for a password-protected archive or Office file.
	Encrypted bool `json:"encrypted,omitempty"`
	// Macros is set for an Office file carrying VBA macros.
	Macros bool `json:"macros,omitempty"`
	// ExternalReferences are targets an Office file loads when opened
	// (remote templates, OLE links), not its hyperlinks.
	ExternalReferences []string `json:"external_references,omitempty"`
	// ActiveContent lists the PDF keys that run or launch something
	// (/JavaScript, /Launch, ...) or RTF embedded objects.
	ActiveContent []string `json:"active_content,omitempty"`
	// Smuggling lists signs that HTML assembles a file in the browser.
	Smuggling []string `json:"smuggling,omitempty"`
	// Archive is the archive format ("zip", "rar", "7z"), with its
	// entries listed (and for ZIP inspected) within the bounds.
	Archive string       `json:"archive,omitempty"`
	Entries []Attachment `json:"entries,omitempty"`
	Content []byte       `json:"-"`
}

// Finding is one security observation with its evidence.
type Finding struct {
	ID       string `json:"id"`
	Severity string `json:"severity"`
	Evidence string `json:"evidence"`
}

// Finding severities.
const (
	SeverityInfo   = "info"
	SeverityLow    = "low"
	SeverityMedium = "medium"
	SeverityHigh   = "high"
)
