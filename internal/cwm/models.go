package cwm

// The types below are the subset of ConnectWise Manage's models that
// psabridge reads and writes, in the API's own JSON shape (see
// ../shared/cw-openapi/cw-manage-subset.openapi.json). Fields psabridge does
// not use are left out; unknown fields in responses are ignored.

// Reference is ConnectWise's reference to another record: an id plus,
// depending on the record type, a name or an identifier.
type Reference struct {
	ID         int    `json:"id"`
	Identifier string `json:"identifier,omitempty"`
	Name       string `json:"name,omitempty"`
}

// Company is a ConnectWise company (company/companies).
type Company struct {
	ID             int         `json:"id,omitempty"`
	Identifier     string      `json:"identifier,omitempty"`
	Name           string      `json:"name,omitempty"`
	Status         *Reference  `json:"status,omitempty"`
	Types          []Reference `json:"types,omitempty"`
	Website        string      `json:"website,omitempty"`
	DefaultContact *Reference  `json:"defaultContact,omitempty"`
	DeletedFlag    bool        `json:"deletedFlag,omitempty"`
}

// CommunicationItem is one e-mail address or phone number of a contact.
type CommunicationItem struct {
	ID                int        `json:"id,omitempty"`
	Type              *Reference `json:"type,omitempty"`
	Value             string     `json:"value,omitempty"`
	DefaultFlag       bool       `json:"defaultFlag,omitempty"`
	CommunicationType string     `json:"communicationType,omitempty"`
}

// Contact is a person at a ConnectWise company (company/contacts).
type Contact struct {
	ID                 int                 `json:"id,omitempty"`
	FirstName          string              `json:"firstName,omitempty"`
	LastName           string              `json:"lastName,omitempty"`
	Company            *Reference          `json:"company,omitempty"`
	InactiveFlag       bool                `json:"inactiveFlag,omitempty"`
	DefaultFlag        bool                `json:"defaultFlag,omitempty"`
	CommunicationItems []CommunicationItem `json:"communicationItems,omitempty"`
}

// Agreement is a ConnectWise agreement (finance/agreements).
type Agreement struct {
	ID              int        `json:"id,omitempty"`
	Name            string     `json:"name,omitempty"`
	Type            *Reference `json:"type,omitempty"`
	Company         *Reference `json:"company,omitempty"`
	Contact         *Reference `json:"contact,omitempty"`
	StartDate       string     `json:"startDate,omitempty"`
	EndDate         string     `json:"endDate,omitempty"`
	NoEndingDate    bool       `json:"noEndingDateFlag,omitempty"`
	CancelledFlag   bool       `json:"cancelledFlag,omitempty"`
	AgreementStatus string     `json:"agreementStatus,omitempty"`
}

// Addition is a product line on an agreement
// (finance/agreements/{id}/additions); Quantity is what billing pushes.
type Addition struct {
	ID            int        `json:"id,omitempty"`
	Product       *Reference `json:"product,omitempty"`
	Quantity      float64    `json:"quantity"`
	BillCustomer  string     `json:"billCustomer,omitempty"`
	EffectiveDate string     `json:"effectiveDate,omitempty"`
	CancelledDate string     `json:"cancelledDate,omitempty"`
	AgreementID   int        `json:"agreementId,omitempty"`
	Description   string     `json:"description,omitempty"`
}

// CatalogItem is a product in the procurement catalog.
type CatalogItem struct {
	ID           int    `json:"id,omitempty"`
	Identifier   string `json:"identifier,omitempty"`
	Description  string `json:"description,omitempty"`
	InactiveFlag bool   `json:"inactiveFlag,omitempty"`
}

// Ticket is a service ticket (service/tickets).
type Ticket struct {
	ID                  int        `json:"id,omitempty"`
	Summary             string     `json:"summary,omitempty"`
	RecordType          string     `json:"recordType,omitempty"`
	Board               *Reference `json:"board,omitempty"`
	Status              *Reference `json:"status,omitempty"`
	Company             *Reference `json:"company,omitempty"`
	Contact             *Reference `json:"contact,omitempty"`
	ContactName         string     `json:"contactName,omitempty"`
	ContactEmailAddress string     `json:"contactEmailAddress,omitempty"`
	Type                *Reference `json:"type,omitempty"`
	SubType             *Reference `json:"subType,omitempty"`
	Item                *Reference `json:"item,omitempty"`
	Priority            *Reference `json:"priority,omitempty"`
	Source              *Reference `json:"source,omitempty"`
	Severity            string     `json:"severity,omitempty"`
	Impact              string     `json:"impact,omitempty"`
	ExternalXRef        string     `json:"externalXRef,omitempty"`
	InitialDescription  string     `json:"initialDescription,omitempty"`
	InitialInternal     string     `json:"initialInternalAnalysis,omitempty"`
}

// ServiceNote is a note on a ticket.
type ServiceNote struct {
	ID                    int    `json:"id,omitempty"`
	TicketID              int    `json:"ticketId,omitempty"`
	Text                  string `json:"text,omitempty"`
	DetailDescriptionFlag bool   `json:"detailDescriptionFlag,omitempty"`
	InternalAnalysisFlag  bool   `json:"internalAnalysisFlag,omitempty"`
	InternalFlag          bool   `json:"internalFlag,omitempty"`
}

// Document is the metadata ConnectWise keeps for an uploaded file
// (system/documents; DocumentInfo in the API reference).
type Document struct {
	ID       int    `json:"id,omitempty"`
	Title    string `json:"title,omitempty"`
	FileName string `json:"fileName,omitempty"`
	Size     int    `json:"size,omitempty"`
}

// Board is a service board.
type Board struct {
	ID           int    `json:"id,omitempty"`
	Name         string `json:"name,omitempty"`
	InactiveFlag bool   `json:"inactiveFlag,omitempty"`
}

// MyMember is the member the API keys belong to (system/myMembers).
type MyMember struct {
	ID                      int        `json:"id,omitempty"`
	Identifier              string     `json:"identifier,omitempty"`
	FirstName               string     `json:"firstName,omitempty"`
	LastName                string     `json:"lastName,omitempty"`
	LicenseClass            string     `json:"licenseClass,omitempty"`
	SecurityRole            *Reference `json:"securityRole,omitempty"`
	ServiceDefaultBoard     *Reference `json:"serviceDefaultBoard,omitempty"`
	ExcludedServiceBoardIDs []int      `json:"excludedServiceBoardIds,omitempty"`
}

// SecurityLevel is an add, edit, delete or inquire level of a security role.
type SecurityLevel string

// The levels ConnectWise knows. An API member owns no records, so only All
// grants anything to psabridge.
const (
	LevelNone SecurityLevel = "None"
	LevelMy   SecurityLevel = "My"
	LevelAll  SecurityLevel = "All"
)

// SecuritySetting is one module function of a security role, as
// system/mySecurity and system/securityRoles/{id}/settings return it.
type SecuritySetting struct {
	ID                       int           `json:"id,omitempty"`
	ModuleIdentifier         string        `json:"moduleIdentifier,omitempty"`
	ModuleName               string        `json:"moduleName,omitempty"`
	ModuleFunctionIdentifier string        `json:"moduleFunctionIdentifier,omitempty"`
	ModuleFunctionName       string        `json:"moduleFunctionName,omitempty"`
	AddLevel                 SecurityLevel `json:"addLevel,omitempty"`
	EditLevel                SecurityLevel `json:"editLevel,omitempty"`
	DeleteLevel              SecurityLevel `json:"deleteLevel,omitempty"`
	InquireLevel             SecurityLevel `json:"inquireLevel,omitempty"`
}

// CompanyInfo is what /login/companyinfo/{companyId} answers: where the
// instance serves its API.
type CompanyInfo struct {
	CompanyName   string `json:"CompanyName"`
	Codebase      string `json:"Codebase"`
	VersionCode   string `json:"VersionCode"`
	VersionNumber string `json:"VersionNumber"`
	CompanyID     string `json:"CompanyID"`
	IsCloud       any    `json:"IsCloud"`
	SiteURL       string `json:"SiteUrl"`
}

// SystemInfo is what system/info answers.
type SystemInfo struct {
	Version        string `json:"version,omitempty"`
	IsCloud        bool   `json:"isCloud,omitempty"`
	ServerTimeZone string `json:"serverTimeZone,omitempty"`
}

// PatchOperation is one operation of a PATCH body.
type PatchOperation struct {
	Op    string `json:"op"`
	Path  string `json:"path"`
	Value any    `json:"value"`
}
