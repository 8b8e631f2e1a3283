// Package msg reads Outlook .msg files (MS-OXMSG): an OLE compound file
// whose storages hold a message's properties, recipients and attachments.
// It reads what an analysis needs and nothing else; it never writes.
package msg

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/psabridge/psabridge/internal/mailcheck/mapi"
	"github.com/richardlehane/mscfb"
)

// Limits bounds the reader. The zero value means the defaults.
type Limits struct {
	// MaxBytes bounds the stream bytes read in all. Default 64 MiB.
	MaxBytes int64
	// MaxDepth bounds embedded messages inside attachments. Default 4.
	MaxDepth int
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = 64 << 20
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = 4
	}
	return l
}

// ErrNotMSG says the input is not an OLE compound file.
var ErrNotMSG = errors.New("not an outlook .msg file (no ole compound file signature)")

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Read parses an .msg file. A damaged file yields what could be read,
// with the problems in Message.Defects; an error means nothing could be.
func Read(b []byte, lim Limits) (m *mapi.Message, err error) {
	if !bytes.HasPrefix(b, oleMagic) {
		return nil, ErrNotMSG
	}
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, fmt.Errorf("reading the compound file: %v", r)
		}
	}()
	root, defects, err := readTree(b, lim.withDefaults())
	if err != nil {
		return nil, err
	}
	m = readMessage(root, topHeaderLen, lim.withDefaults().MaxDepth)
	m.Defects = append(defects, m.Defects...)
	return m, nil
}

// storage is one OLE storage: its streams and child storages by name.
type storage struct {
	streams  map[string][]byte
	children map[string]*storage
}

func newStorage() *storage {
	return &storage{streams: map[string][]byte{}, children: map[string]*storage{}}
}

// readTree reads every stream of the compound file into a storage tree.
func readTree(b []byte, lim Limits) (*storage, []string, error) {
	doc, err := mscfb.New(bytes.NewReader(b))
	if err != nil {
		return nil, nil, fmt.Errorf("reading the compound file: %w", err)
	}
	root := newStorage()
	budget := lim.MaxBytes
	var defects []string
	for f, err := doc.Next(); err == nil; f, err = doc.Next() {
		parent := root.at(f.Path)
		if f.FileInfo().IsDir() {
			parent.child(f.Name)
			continue
		}
		data, err := io.ReadAll(io.LimitReader(f, max(budget, 0)))
		budget -= int64(len(data))
		if err != nil || budget <= 0 {
			defects = append(defects, fmt.Sprintf("stream %s truncated or unreadable", f.Name))
		}
		parent.streams[f.Name] = data
	}
	return root, defects, nil
}

// at walks (creating as needed) to the storage at path.
func (s *storage) at(path []string) *storage {
	for _, name := range path {
		s = s.child(name)
	}
	return s
}

// child returns the named child storage, creating it.
func (s *storage) child(name string) *storage {
	c, ok := s.children[name]
	if !ok {
		c = newStorage()
		s.children[name] = c
	}
	return c
}

// Header sizes of the property stream (MS-OXMSG §2.4.1).
const (
	topHeaderLen      = 32
	embeddedHeaderLen = 24
	subHeaderLen      = 8
)

// Storage and stream names (MS-OXMSG §2.2).
const (
	propStream     = "__properties_version1.0"
	recipPrefix    = "__recip_version1.0_"
	attachPrefix   = "__attach_version1.0_"
	embeddedStore  = "__substg1.0_3701000D"
	valueStreamPfx = "__substg1.0_"
)

// readMessage reads one message storage (the root or an embedded one).
func readMessage(s *storage, headerLen, depth int) *mapi.Message {
	var recips []mapi.Props
	for _, name := range sortedChildren(s, recipPrefix) {
		recips = append(recips, readProps(s.children[name], subHeaderLen))
	}
	m := mapi.NewMessage(readProps(s, headerLen), recips)
	for _, name := range sortedChildren(s, attachPrefix) {
		m.Attachments = append(m.Attachments, readAttachment(s.children[name], depth, m))
	}
	return m
}

// readAttachment reads one attachment storage; an embedded message is
// read within the depth bound.
func readAttachment(s *storage, depth int, parent *mapi.Message) mapi.Attachment {
	a := mapi.NewAttachment(readProps(s, subHeaderLen), nil)
	emb, ok := s.children[embeddedStore]
	if !ok {
		return a
	}
	if depth <= 1 {
		parent.Defects = append(parent.Defects, "embedded message nested too deep: not read")
		return a
	}
	a.Embedded = readMessage(emb, embeddedHeaderLen, depth-1)
	return a
}

// sortedChildren lists child storages with the prefix in name order,
// which is the order Outlook numbered them.
func sortedChildren(s *storage, prefix string) []string {
	var names []string
	for name := range s.children {
		if strings.HasPrefix(name, prefix) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}
