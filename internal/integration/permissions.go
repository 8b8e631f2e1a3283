package integration

import (
	"context"
	"fmt"
	"strings"

	"github.com/psabridge/psabridge/internal/cwm"
)

// Feature names, as the command line and the JSON output spell them.
const (
	FeatureBilling     = "billing"
	FeatureServiceDesk = "service_desk"
)

// Right is one level of one module function of a ConnectWise security role.
type Right struct {
	Module   string `json:"module"`
	Function string `json:"function"`
	Level    string `json:"level"` // add, edit, delete or inquire
}

// String names the right the way ConnectWise's UI does.
func (r Right) String() string {
	return fmt.Sprintf("%s › %s › %s (All)", r.Module, r.Function, levelTitle(r.Level))
}

// Remediation says where to grant the right in ConnectWise.
func (r Right) Remediation(role string) string {
	if role == "" {
		role = "the API member's role"
	}
	return fmt.Sprintf("In ConnectWise: System › Security Roles › %s › %s › %s › %s level → All, then save and re-check.",
		role, r.Module, r.Function, levelTitle(r.Level))
}

func levelTitle(level string) string {
	if level == "" {
		return ""
	}
	return strings.ToUpper(level[:1]) + level[1:]
}

// RequiredRights lists what each feature needs. An API member owns no
// records, so every right must be All; My is not enough.
var RequiredRights = map[string][]Right{
	FeatureBilling: {
		{"Companies", "Company Maintenance", "inquire"},
		{"Finance", "Agreements", "inquire"},
		{"Finance", "Agreements", "edit"},
	},
	FeatureServiceDesk: {
		{"Companies", "Company Maintenance", "inquire"},
		{"Companies", "Manage Attachments", "add"},
		{"Companies", "Manage Attachments", "inquire"},
		{"Companies", "Contacts", "inquire"},
		{"Service Desk", "Service Tickets", "add"},
		{"Service Desk", "Service Tickets", "inquire"},
	},
}

// Missing is a required right the role lacks, with its fix.
type Missing struct {
	Right
	Remediation string `json:"remediation"`
}

// FeatureCheck is the permission check of one feature.
type FeatureCheck struct {
	Feature string    `json:"feature"`
	OK      bool      `json:"ok"`
	Missing []Missing `json:"missing"`
}

// BoardCheck is the state of the API member's default service board.
type BoardCheck struct {
	OK          bool   `json:"ok"`
	ID          int    `json:"id,omitempty"`
	Name        string `json:"name,omitempty"`
	Remediation string `json:"remediation,omitempty"`
}

// PermissionReport is the whole permission check.
type PermissionReport struct {
	Member string `json:"member"`
	Role   string `json:"role"`
	// Method is how the rights were read: "my_security" (the member's
	// effective rights) or "probes" (read-only calls, where the role may not
	// read its own rights; add rights cannot be proven that way).
	Method       string         `json:"method"`
	Features     []FeatureCheck `json:"features"`
	DefaultBoard BoardCheck     `json:"default_board"`
	// Replayed counts parked reports ticketed because this check passed
	// (queued to be ticketed, when the service has a job queue).
	Replayed int `json:"replayed,omitempty"`
}

// Feature returns the check of one feature.
func (p PermissionReport) Feature(name string) FeatureCheck {
	for _, f := range p.Features {
		if f.Feature == name {
			return f
		}
	}
	return FeatureCheck{Feature: name}
}

// CheckPermissions reads the API member and its effective rights and says,
// per feature, what is missing and how to fix it.
func CheckPermissions(ctx context.Context, c *cwm.Client) (PermissionReport, error) {
	me, _, err := c.System.MyMember(ctx)
	if err != nil {
		return PermissionReport{}, fmt.Errorf("reading the API member: %w", err)
	}
	rep := PermissionReport{Member: me.Identifier, Method: "my_security"}
	if me.SecurityRole != nil {
		rep.Role = me.SecurityRole.Name
	}
	var granted map[Right]bool
	settings, _, err := c.System.MySecurity(ctx)
	switch {
	case err == nil:
		granted = grantedRights(settings)
	case cwm.IsForbidden(err):
		// Some roles may not read their own rights: probe instead.
		rep.Method = "probes"
		granted = probeRights(ctx, c)
	default:
		return PermissionReport{}, fmt.Errorf("reading the API member's security rights: %w", err)
	}
	for _, feature := range []string{FeatureBilling, FeatureServiceDesk} {
		fc := checkFeature(feature, granted, rep.Role)
		if rep.Method == "probes" {
			markUnverifiable(fc.Missing)
		}
		rep.Features = append(rep.Features, fc)
	}
	rep.DefaultBoard = checkBoard(ctx, c, me)
	if !rep.DefaultBoard.OK {
		// Tickets go to the default board, so the service desk cannot work
		// without one; the fix is in default_board.
		rep.Features[1].OK = false
	}
	return rep, nil
}

func checkFeature(feature string, granted map[Right]bool, role string) FeatureCheck {
	fc := FeatureCheck{Feature: feature, Missing: []Missing{}}
	for _, r := range RequiredRights[feature] {
		if !granted[r] {
			fc.Missing = append(fc.Missing, Missing{Right: r, Remediation: r.Remediation(role)})
		}
	}
	fc.OK = len(fc.Missing) == 0
	return fc
}

// markUnverifiable rewrites the remediation of rights that read-only probes
// cannot prove.
func markUnverifiable(missing []Missing) {
	for i, m := range missing {
		if m.Level != "inquire" || (m.Module == "Companies" && m.Function == "Manage Attachments") {
			missing[i].Remediation = "Not verifiable: the role may not read its own rights, and this right cannot be " +
				"tested without writing. " + m.Remediation
		}
	}
}

// grantedRights turns security settings into the set of rights held at All.
func grantedRights(settings []cwm.SecuritySetting) map[Right]bool {
	granted := map[Right]bool{}
	for _, s := range settings {
		module, function := strings.TrimSpace(s.ModuleName), strings.TrimSpace(s.ModuleFunctionName)
		levels := map[string]cwm.SecurityLevel{
			"add": s.AddLevel, "edit": s.EditLevel, "delete": s.DeleteLevel, "inquire": s.InquireLevel,
		}
		for level, v := range levels {
			if v == cwm.LevelAll {
				granted[canonical(Right{module, function, level})] = true
			}
		}
	}
	return granted
}

// canonical maps a right read from ConnectWise onto the spelling of
// RequiredRights; ConnectWise's names are matched case-insensitively.
func canonical(r Right) Right {
	for _, rights := range RequiredRights {
		for _, req := range rights {
			if strings.EqualFold(req.Module, r.Module) && strings.EqualFold(req.Function, r.Function) && req.Level == r.Level {
				return req
			}
		}
	}
	return r
}

func checkBoard(ctx context.Context, c *cwm.Client, me *cwm.MyMember) BoardCheck {
	const steps = "In ConnectWise: System › Members › API Members › %s › Service Default Board → " +
		"pick the board for phishing tickets (create one in Setup Tables › Service Board if there is none), then save and re-check."
	if me.ServiceDefaultBoard == nil || me.ServiceDefaultBoard.ID == 0 {
		return BoardCheck{Remediation: "The API member has no default service board. " + fmt.Sprintf(steps, me.Identifier)}
	}
	ref := me.ServiceDefaultBoard
	for _, id := range me.ExcludedServiceBoardIDs {
		if id == ref.ID {
			return BoardCheck{ID: ref.ID, Name: ref.Name, Remediation: fmt.Sprintf(
				"The default board %q is excluded for the API member: remove it from the member's excluded boards. ", ref.Name) +
				fmt.Sprintf(steps, me.Identifier)}
		}
	}
	board, _, err := c.Boards.Get(ctx, ref.ID)
	if err != nil {
		return BoardCheck{ID: ref.ID, Name: ref.Name, Remediation: fmt.Sprintf(
			"The default board %q (id %d) cannot be read: %v. ", ref.Name, ref.ID, err) + fmt.Sprintf(steps, me.Identifier)}
	}
	if board.InactiveFlag {
		return BoardCheck{ID: ref.ID, Name: board.Name, Remediation: fmt.Sprintf(
			"The default board %q is inactive. ", board.Name) + fmt.Sprintf(steps, me.Identifier)}
	}
	return BoardCheck{OK: true, ID: board.ID, Name: board.Name}
}
