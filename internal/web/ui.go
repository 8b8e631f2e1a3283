package web

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages are the parsed templates, each page with the layout.
var pages = parsePages()

func parsePages() map[string]*template.Template {
	layout := template.Must(template.New("layout.html").Funcs(template.FuncMap{
		"ticketURL": ticketURL,
		"pct":       func(f float64) int { return int(f*100 + 0.5) },
		"list":      func(s ...string) []string { return s },
	}).ParseFS(templateFS, "templates/layout.html"))
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		out[name] = template.Must(template.Must(layout.Clone()).ParseFS(templateFS, n))
	}
	return out
}

// pageData is what every page's template receives.
type pageData struct {
	Title string
	Nav   string
	User  *principal
	Flash string
	Error string
	Data  any
}

// uiHandler renders a page for a signed-in user; it returns the page's
// data, or an error shown on the page named by the error.
type uiHandler func(w http.ResponseWriter, r *http.Request, p *principal) (page string, d pageData, err error)

// ui requires a session; a state change also requires an administrator,
// the session's CSRF token and a same-origin request.
func (s *server) ui(h uiHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := s.sessionPrincipal(r)
		if err != nil {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		if r.Method != http.MethodGet {
			if tooLarge(w, r) {
				s.render(w, http.StatusRequestEntityTooLarge, "error", pageData{User: p, Error: errFormTooLarge.message})
				return
			}
			if !sameOrigin(r) || !validCSRF(r, p) {
				s.render(w, http.StatusForbidden, "error", pageData{User: p, Error: errCSRF.message})
				return
			}
			if !p.canChange() {
				s.render(w, http.StatusForbidden, "error", pageData{User: p, Error: errForbidden.message})
				return
			}
		}
		page, d, err := h(w, r.WithContext(withPrincipal(r.Context(), p)), p)
		d.User = p
		status := http.StatusOK
		if err != nil {
			status, d.Error = uiError(err)
		}
		if page != "" {
			s.render(w, status, page, d)
		}
	}
}

// Forms are capped at 1 MiB; a file upload at the CSV import's cap.
const maxForm = 1 << 20

var errFormTooLarge = &statusError{http.StatusRequestEntityTooLarge, "too_large",
	fmt.Sprintf("the form or file is too large: a file may have %d MiB at most", maxCSVBody>>20)}

// tooLarge caps r's body and reads its form; it reports whether the body
// was over the cap. Other unreadable forms are left to the CSRF check,
// which refuses them.
func tooLarge(w http.ResponseWriter, r *http.Request) bool {
	limit := int64(maxForm)
	multipart := strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data")
	if multipart {
		limit = maxCSVBody + maxForm // the file and the form's other fields
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	var err error
	if multipart {
		err = r.ParseMultipartForm(maxForm)
	} else {
		err = r.ParseForm()
	}
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}

// uiError is what a person sees of err.
func uiError(err error) (int, string) {
	status, body := classify(err)
	if status == http.StatusUnprocessableEntity || status == http.StatusConflict || status == http.StatusBadGateway {
		status = http.StatusOK // the page is shown with the message beside the form
	}
	return status, body.Message
}

func (s *server) render(w http.ResponseWriter, status int, page string, d pageData) {
	t, ok := pages[page]
	if !ok {
		http.Error(w, "no such page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := t.ExecuteTemplate(w, "layout.html", d); err != nil {
		slog.Error("rendering a page", "page", page, "error", err)
	}
}

func (s *server) uiRoutes(mux *http.ServeMux) {
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("POST /logout", s.ui(s.logout))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/integrations", http.StatusSeeOther)
	})
	mux.HandleFunc("GET /integrations", s.ui(s.integrationsPage))
	mux.HandleFunc("POST /integrations/connect", s.ui(s.connectForm))
	mux.HandleFunc("POST /integrations/recheck", s.ui(s.recheckForm))
	mux.HandleFunc("POST /integrations/features", s.ui(s.featureForm))
	mux.HandleFunc("GET /integrations/disconnect", s.ui(s.disconnectPage))
	mux.HandleFunc("POST /integrations/disconnect", s.ui(s.disconnectForm))
	mux.HandleFunc("GET /mapping", s.ui(s.mappingPage))
	mux.HandleFunc("POST /mapping/auto", s.ui(s.autoMapForm))
	mux.HandleFunc("POST /mapping/accept", s.ui(s.acceptForm))
	mux.HandleFunc("POST /mapping/reject", s.ui(s.rejectForm))
	mux.HandleFunc("GET /mapping/pick", s.ui(s.pickPage))
	mux.HandleFunc("POST /mapping/unmap", s.ui(s.unmapForm))
	mux.HandleFunc("GET /billing", s.ui(s.billingPage))
	mux.HandleFunc("POST /billing/push", s.ui(s.pushForm))
	mux.HandleFunc("POST /billing/settings", s.ui(s.settingsForm))
	mux.HandleFunc("GET /reports", s.ui(s.reportsPage))
	mux.HandleFunc("GET /reports/{id}", s.ui(s.reportPage))
	mux.HandleFunc("POST /reports/{id}/replay", s.ui(s.replayForm))
	mux.HandleFunc("GET /analyze", s.ui(s.analyzePage))
	mux.HandleFunc("POST /analyze", s.ui(s.analyzeForm))
	mux.HandleFunc("GET /audit", s.ui(s.auditPage))
	mux.HandleFunc("GET /servicedesk", s.ui(s.serviceDeskPage))
	mux.HandleFunc("POST /servicedesk", s.ui(s.serviceDeskForm))
	mux.HandleFunc("GET /jobs", s.ui(s.jobsPage))
	mux.HandleFunc("POST /jobs/{id}/replay", s.ui(s.jobReplayForm))
	mux.HandleFunc("GET /team", s.ui(s.teamPage))
	mux.HandleFunc("POST /team", s.ui(s.memberCreateForm))
	mux.HandleFunc("POST /team/{id}/role", s.ui(s.memberRoleForm))
	mux.HandleFunc("POST /team/{id}/remove", s.ui(s.memberRemoveForm))
	mux.HandleFunc("GET /companies", s.ui(s.companiesPage))
	mux.HandleFunc("POST /companies/import", s.ui(s.companyImportForm))
	mux.HandleFunc("POST /companies/exclude", s.ui(s.excludeForm))
	mux.HandleFunc("POST /companies/delete", s.ui(s.companyDeleteForm))
	mux.HandleFunc("GET /tokens", s.ui(s.tokensPage))
	mux.HandleFunc("POST /tokens", s.ui(s.tokenCreateForm))
	mux.HandleFunc("POST /tokens/{id}/revoke", s.ui(s.tokenRevokeForm))
}

func (s *server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, http.StatusOK, "login", pageData{Title: "Sign in"})
}

// login checks the password, limited to a few attempts per address and
// per client; the answer never says which part was wrong.
func (s *server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	email := strings.TrimSpace(r.PostFormValue("email"))
	if !sameOrigin(r) {
		s.render(w, http.StatusForbidden, "login", pageData{Title: "Sign in", Error: errCSRF.message})
		return
	}
	if !s.signIns.allow("ip:"+clientIP(r), "email:"+strings.ToLower(email)) {
		s.render(w, http.StatusTooManyRequests, "login", pageData{Title: "Sign in", Error: errTooMany.message})
		return
	}
	u, err := s.users.WebUserByEmail(r.Context(), email)
	ok := false
	if err == nil {
		ok, err = CheckPassword(u.PasswordHash, r.PostFormValue("password"))
	} else if isNotFound(err) {
		// Spend the same time on an unknown address as on a known one.
		_, _ = CheckPassword(dummyHash, r.PostFormValue("password"))
	}
	if err == nil && ok {
		err = s.startSession(w, r, u)
	} else if err == nil || errors.Is(err, errBadHash) || isNotFound(err) {
		err = errSignIn
	}
	if err != nil {
		status, msg := http.StatusUnauthorized, errSignIn.Error()
		if !errors.Is(err, errSignIn) {
			status, msg = uiError(err)
		}
		s.render(w, status, "login", pageData{Title: "Sign in", Error: msg})
		return
	}
	http.Redirect(w, r, "/integrations", http.StatusSeeOther)
}

func (s *server) logout(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	_ = s.users.DeleteSession(r.Context(), p.session)
	c := s.cookie(r, "", unixEpoch)
	c.MaxAge = -1
	http.SetCookie(w, c)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return "", pageData{}, nil
}
