package cwsandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
)

// SeedFile is data to start a sandbox with, keyed by the API's collection
// paths ("company/companies", "finance/agreements/7/additions" or
// "finance/agreements/{id}/additions"), each holding records in the API's
// own JSON shape, as a GET of that list returns them: an export of a real
// instance can be loaded as it is. docs/connectwise-sandbox.md describes the
// format.
type SeedFile map[string][]map[string]any

// maxSeedFile bounds a seed file; the largest MSP exports are far smaller.
const maxSeedFile = 256 << 20

// ReadSeedFile reads a seed file from path.
func ReadSeedFile(path string) (SeedFile, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("reading seed file: %w", err)
	}
	if info.Size() > maxSeedFile {
		return nil, fmt.Errorf("reading seed file %s: larger than %d MB", path, maxSeedFile>>20)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading seed file: %w", err)
	}
	var f SeedFile
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("reading seed file %s: want a JSON object of collection paths "+
			"to arrays of records: %w", path, err)
	}
	return f, nil
}

// loadSeedFile stores the file's records. A collection the file names
// replaces what the set-up seed put there; the others keep it.
func (s *Sandbox) loadSeedFile(f SeedFile) error {
	replaced := map[string]bool{}
	for _, path := range slices.Sorted(maps.Keys(f)) {
		key, parentID, err := seedKey(path)
		if err != nil {
			return err
		}
		coll := s.colls[strings.ToLower(key)]
		if !replaced[key] {
			coll.rows, coll.nextID, replaced[key] = nil, 0, true
		}
		for i, rec := range f[path] {
			if err := s.seedRecord(coll, rec, parentID); err != nil {
				return fmt.Errorf("seed file %s[%d]: %w", path, i, err)
			}
		}
	}
	s.afterSeedFile()
	return nil
}

// seedKey finds the collection of a seed path and the parent id it names.
func seedKey(path string) (key string, parentID int, err error) {
	clean := strings.Trim(path, "/ ")
	key = templatePath(clean)
	if _, ok := collectionKeys()[strings.ToLower(key)]; !ok {
		return "", 0, fmt.Errorf("seed file: %q is not a collection the sandbox keeps; want one of %s",
			path, strings.Join(slices.Sorted(maps.Keys(collectionKeys())), ", "))
	}
	if id, ok := parentOf(clean); ok {
		return key, id, nil
	}
	return key, 0, nil
}

func collectionKeys() map[string]bool {
	m := map[string]bool{}
	for _, d := range collectionDefs {
		m[strings.ToLower(d.key)] = true
	}
	return m
}

// seedRecord checks one record's id and known members and inserts it
// under its own id, filling the parent reference a concrete path names.
func (s *Sandbox) seedRecord(coll *collection, rec map[string]any, parentID int) error {
	rec = normalize(rec)
	id, ok := intOf(rec["id"])
	if !ok || id <= 0 {
		return errors.New("every record needs a positive integer id")
	}
	if coll.find(id) != nil {
		return fmt.Errorf("id %d appears twice", id)
	}
	if err := checkKnownMembers(coll.schema, rec); err != nil {
		return err
	}
	if parentID > 0 && coll.parent != nil {
		setPath(rec, coll.parent, float64(parentID))
	}
	if coll.parent != nil && lookup(rec, coll.parent) == nil {
		return fmt.Errorf("record %d has no %s: name the parent in the path or the record",
			id, strings.Join(coll.parent, "/"))
	}
	coll.rows = append(coll.rows, rec)
	slices.SortFunc(coll.rows, func(a, b map[string]any) int {
		x, _ := intOf(a["id"])
		y, _ := intOf(b["id"])
		return x - y
	})
	coll.nextID = max(coll.nextID, id)
	return nil
}

// checkKnownMembers checks the JSON types of the members the model knows.
// Members it does not know are kept: an export from a newer release has
// more of them, and the sandbox returns them as given.
func checkKnownMembers(name string, rec map[string]any) error {
	sch := schemas[name]
	for _, k := range slices.Sorted(maps.Keys(rec)) {
		if p, ok := sch.Props[k]; ok && k != "_info" {
			if err := checkValue(p, rec[k], k); err != nil {
				return errors.New(err.(*apiError).Message)
			}
		}
	}
	return nil
}

// setPath sets a nested member such as board/id, creating the objects on
// the way.
func setPath(rec map[string]any, path []string, v any) {
	for _, seg := range path[:len(path)-1] {
		next, ok := rec[seg].(map[string]any)
		if !ok {
			next = map[string]any{}
			rec[seg] = next
		}
		rec = next
	}
	rec[path[len(path)-1]] = v
}

// afterSeedFile points the API member's default board at a board that
// exists after the file replaced the boards.
func (s *Sandbox) afterSeedFile() {
	if s.defaultBoard == nil {
		return
	}
	id, _ := intOf(s.defaultBoard["id"])
	boards := s.coll("service/boards")
	s.defaultBoard = boards.find(id)
	if s.defaultBoard == nil && len(boards.rows) > 0 {
		s.defaultBoard = boards.rows[0]
	}
	s.syncAPIMemberBoard()
}
