package cwsandbox

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// parentKey returns the list path of a child collection's parent:
// "finance/agreements" for "finance/agreements/{id}/additions".
func parentKey(key string) string {
	before, _, _ := strings.Cut(key, "/{id}/")
	return before
}

// rowsOf returns the records a list call sees: all of a top-level
// collection, or the children of the parent named in the path.
func (s *Sandbox) rowsOf(key string, c *call) ([]map[string]any, error) {
	coll := s.coll(key)
	if coll.parent == nil {
		return coll.rows, nil
	}
	parent := c.ids[0]
	if s.coll(parentKey(key)).find(parent) == nil {
		return nil, notFound(s.coll(parentKey(key)).resource + " " + strconv.Itoa(parent))
	}
	var rows []map[string]any
	for _, rec := range coll.rows {
		if coll.childOf(rec, parent) {
			rows = append(rows, rec)
		}
	}
	return rows, nil
}

// record returns the record a path names, checking its parent.
func (s *Sandbox) record(key string, c *call) (map[string]any, error) {
	rows, err := s.rowsOf(key, c)
	if err != nil {
		return nil, err
	}
	id := c.ids[len(c.ids)-1]
	for _, rec := range rows {
		if rid, _ := intOf(rec["id"]); rid == id {
			return rec, nil
		}
	}
	return nil, notFound(s.coll(key).resource + " " + strconv.Itoa(id))
}

func listOf(key string) handler {
	return func(s *Sandbox, c *call) error {
		rows, err := s.rowsOf(key, c)
		if err != nil {
			return err
		}
		return c.serveList(schemas[s.coll(key).schema], rows)
	}
}

func countOf(key string) handler {
	return func(s *Sandbox, c *call) error {
		rows, err := s.rowsOf(key, c)
		if err != nil {
			return err
		}
		return c.serveCount(schemas[s.coll(key).schema], rows)
	}
}

func getOf(key string) handler {
	return func(s *Sandbox, c *call) error {
		rec, err := s.record(key, c)
		if err != nil {
			return err
		}
		c.json(http.StatusOK, parseFields(c.r.URL.Query().Get("fields")).project(rec))
		return nil
	}
}

func deleteIn(key string) handler {
	return func(s *Sandbox, c *call) error {
		if _, err := s.record(key, c); err != nil {
			return err
		}
		s.coll(key).remove(c.ids[len(c.ids)-1])
		c.json(http.StatusNoContent, nil)
		return nil
	}
}

// createIn handles a POST: member and type checks, server defaults,
// required fields, lengths and references, then the insert.
func createIn(key string) handler {
	return func(s *Sandbox, c *call) error {
		if _, err := s.rowsOf(key, c); err != nil {
			return err
		}
		coll := s.coll(key)
		rec, err := decodeObject(c.body)
		if err != nil {
			return err
		}
		if err := checkMembers(coll.schema, rec, ""); err != nil {
			return err
		}
		delete(rec, "id")
		delete(rec, "_info")
		post := takePostOnly(coll.schema, rec)
		if err := s.complete(key, c, rec); err != nil {
			return err
		}
		stored := coll.insert(rec)
		s.afterCreate(key, stored, post)
		c.json(http.StatusCreated, stored)
		return nil
	}
}

// takePostOnly removes the fields a POST accepts but a record never
// returns (a ticket's initialDescription) and hands them back.
func takePostOnly(name string, rec map[string]any) map[string]any {
	post := map[string]any{}
	for k, p := range schemas[name].Props {
		if v, ok := rec[k]; ok && p.PostOnly {
			post[k] = v
			delete(rec, k)
		}
	}
	return post
}

// complete fills defaults, validates and resolves references of a record
// about to be stored.
func (s *Sandbox) complete(key string, c *call, rec map[string]any) error {
	coll := s.coll(key)
	if fill := defaults[key]; fill != nil {
		fill(s, c, rec)
	}
	errs := checkRecord(coll.schema, coll.resource, rec)
	if len(errs) == 0 {
		errs = s.resolveRefs(coll.schema, coll.resource, rec)
	}
	if len(errs) == 0 {
		errs = s.finish(key, rec)
	}
	if len(errs) > 0 {
		return invalidObject(coll.resource, errs)
	}
	stampInfo(s, rec)
	return nil
}

// patchOp is one operation of a PATCH body.
type patchOp struct {
	Op    string `json:"op"`
	Path  string `json:"path"`
	Value any    `json:"value"`
}

// patchIn applies a JSON array of operations to a copy of the record,
// validates the result like a create, then stores it.
func patchIn(key string) handler {
	return func(s *Sandbox, c *call) error {
		rec, err := s.record(key, c)
		if err != nil {
			return err
		}
		var ops []patchOp
		if err := json.Unmarshal(c.body, &ops); err != nil {
			return badRequest("The request body must be a JSON array of patch operations.")
		}
		coll := s.coll(key)
		next := deepCopy(rec)
		for _, op := range ops {
			if err := applyOp(coll.schema, next, op); err != nil {
				return err
			}
		}
		if err := s.complete(key, c, next); err != nil {
			return err
		}
		clear(rec)
		for k, v := range next {
			rec[k] = v
		}
		c.json(http.StatusOK, rec)
		return nil
	}
}

// applyOp applies one operation. A nested path is ignored without an
// error, as ConnectWise has been seen to answer 200 and change nothing.
func applyOp(name string, rec map[string]any, op patchOp) error {
	path := strings.TrimPrefix(op.Path, "/")
	if strings.Contains(path, "/") {
		return nil
	}
	p, ok := schemas[name].Props[path]
	if !ok || path == "id" || path == "_info" {
		return badRequest("Cannot patch '%s' on object of type '%s'.", op.Path, name)
	}
	switch strings.ToLower(op.Op) {
	case "replace", "add":
		if err := checkValue(p, op.Value, path); err != nil {
			return err
		}
		rec[path] = normalizeValue(op.Value)
	case "remove":
		delete(rec, path)
	default:
		return badRequest("The patch operation '%s' is not supported.", op.Op)
	}
	return nil
}

func normalizeValue(v any) any {
	return normalize(map[string]any{"v": v})["v"]
}

// stampInfo writes the _info audit fields ConnectWise keeps on records.
func stampInfo(s *Sandbox, rec map[string]any) {
	now := s.cfg.Now().UTC().Format(time.RFC3339)
	info, _ := rec["_info"].(map[string]any)
	if info == nil {
		info = map[string]any{"dateEntered": now, "enteredBy": apiMemberIdentifier}
	}
	info["lastUpdated"] = now
	info["updatedBy"] = apiMemberIdentifier
	rec["_info"] = info
}
