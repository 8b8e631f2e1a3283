// Package tnef reads Transport Neutral Encapsulation Format streams
// (MS-OXTNEF), the winmail.dat that Outlook and Exchange attach in place
// of a message's body and attachments. It reads what an analysis needs:
// the message's MAPI properties, its body, and its attachments (embedded
// messages included, within a depth bound).
package tnef

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/psabridge/psabridge/internal/mailcheck/mapi"
)

// Signature starts every TNEF stream (little-endian 0x223E9F78).
const Signature = 0x223E9F78

// Limits bounds the reader. The zero value means the defaults.
type Limits struct {
	// MaxAttributes bounds the attributes read. Default 10000.
	MaxAttributes int
	// MaxDepth bounds embedded messages. Default 4.
	MaxDepth int
}

func (l Limits) withDefaults() Limits {
	if l.MaxAttributes <= 0 {
		l.MaxAttributes = 10000
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = 4
	}
	return l
}

// ErrNotTNEF says the input does not start with the TNEF signature.
var ErrNotTNEF = errors.New("not a tnef stream (no 0x223e9f78 signature)")

// Attribute levels and IDs (MS-OXTNEF §2.1.3.1); only the low 16 bits of
// an attribute ID name it, the high bits give its type.
const (
	levelMessage    = 0x01
	levelAttachment = 0x02

	attSubject     = 0x8004
	attDateSent    = 0x8005
	attMessageID   = 0x8009
	attBody        = 0x800C
	attAttachData  = 0x800F
	attAttachTitle = 0x8010
	attRendData    = 0x9002
	attMsgProps    = 0x9003
	attRecipTable  = 0x9004
	attAttachProps = 0x9005
	attMessageCls  = 0x8008
)

// Read decodes a TNEF stream. Damage after the first attributes is noted
// in Message.Defects; an error means not even the signature was there.
func Read(b []byte, lim Limits) (*mapi.Message, error) {
	return read(b, lim.withDefaults(), lim.withDefaults().MaxDepth)
}

// read decodes one stream at the given remaining depth.
func read(b []byte, lim Limits, depth int) (*mapi.Message, error) {
	if len(b) < 6 || binary.LittleEndian.Uint32(b) != Signature {
		return nil, ErrNotTNEF
	}
	d := &decoder{msgProps: mapi.Props{}, lim: lim, depth: depth}
	d.run(b[6:])
	return d.message(), nil
}

// decoder accumulates attributes in stream order.
type decoder struct {
	lim      Limits
	depth    int
	msgProps mapi.Props
	recips   []mapi.Props
	legacy   legacyFields
	atts     []*pendingAttachment
	defects  []string
}

// legacyFields are the message attributes that predate MAPI properties.
type legacyFields struct {
	subject, messageID, class string
	body                      []byte
}

// pendingAttachment collects one attachment's attributes.
type pendingAttachment struct {
	title string
	data  []byte
	props mapi.Props
}

// run walks the attribute records: level (1 byte), ID (4), length (4),
// data, checksum (2).
func (d *decoder) run(b []byte) {
	for n := 0; len(b) > 0; n++ {
		if n >= d.lim.MaxAttributes {
			d.defects = append(d.defects, fmt.Sprintf("more than %d tnef attributes: the rest was not read", n))
			return
		}
		if len(b) < 9 {
			d.defects = append(d.defects, fmt.Sprintf("%d stray bytes after the last tnef attribute", len(b)))
			return
		}
		level, id := b[0], uint16(binary.LittleEndian.Uint32(b[1:]))
		size := binary.LittleEndian.Uint32(b[5:])
		if uint64(size)+11 > uint64(len(b)) {
			d.defects = append(d.defects, "tnef attribute truncated: the rest was not read")
			return
		}
		d.attribute(level, id, b[9:9+size])
		b = b[11+size:]
	}
}

// attribute files one attribute.
func (d *decoder) attribute(level byte, id uint16, data []byte) {
	if level == levelAttachment {
		d.attachmentAttribute(id, data)
		return
	}
	switch id {
	case attSubject:
		d.legacy.subject = mapi.Decode8Bit(data)
	case attMessageID:
		d.legacy.messageID = mapi.Decode8Bit(data)
	case attMessageCls:
		d.legacy.class = mapi.Decode8Bit(data)
	case attBody:
		d.legacy.body = data
	case attMsgProps:
		d.props(data, d.msgProps)
	case attRecipTable:
		d.recipients(data)
	}
}

// attachmentAttribute files an attribute of the current attachment;
// attRendData opens a new one.
func (d *decoder) attachmentAttribute(id uint16, data []byte) {
	if id == attRendData || len(d.atts) == 0 {
		d.atts = append(d.atts, &pendingAttachment{props: mapi.Props{}})
	}
	a := d.atts[len(d.atts)-1]
	switch id {
	case attAttachTitle:
		a.title = mapi.Decode8Bit(data)
	case attAttachData:
		a.data = data
	case attAttachProps:
		d.props(data, a.props)
	}
}

// props decodes a property list into p, noting damage.
func (d *decoder) props(data []byte, p mapi.Props) {
	if err := decodeProps(data, p); err != nil {
		d.defects = append(d.defects, "tnef property list damaged: "+err.Error())
	}
}

// recipients decodes attRecipTable: a row count, then one property list
// per row.
func (d *decoder) recipients(data []byte) {
	if len(data) < 4 {
		return
	}
	rows := binary.LittleEndian.Uint32(data)
	r := &propReader{b: data[4:]}
	for i := uint32(0); i < rows && i < 1000 && r.err == nil; i++ {
		p := mapi.Props{}
		r.list(p)
		d.recips = append(d.recips, p)
	}
	if r.err != nil {
		d.defects = append(d.defects, "tnef recipient table damaged: "+r.err.Error())
	}
}

// message assembles the result: MAPI properties win over the legacy
// attributes, which fill what they lack.
func (d *decoder) message() *mapi.Message {
	fillLegacy(d.msgProps, d.legacy)
	m := mapi.NewMessage(d.msgProps, d.recips)
	for _, pa := range d.atts {
		m.Attachments = append(m.Attachments, d.attachment(pa, m))
	}
	m.Defects = append(d.defects, m.Defects...)
	return m
}

// fillLegacy copies legacy attributes into properties the MAPI list lacks.
func fillLegacy(p mapi.Props, l legacyFields) {
	set := func(id uint16, v []byte) {
		if _, ok := p[id]; !ok && len(v) > 0 {
			p[id] = mapi.Value{Type: mapi.TypeString8, Data: v}
		}
	}
	set(mapi.PidSubject, []byte(l.subject))
	set(mapi.PidInternetMessageID, []byte(l.messageID))
	set(mapi.PidMessageClass, []byte(l.class))
	set(mapi.PidBody, l.body)
}

// attachment builds one attachment; an embedded message (a TNEF stream
// in PidTagAttachDataObject after its 16-byte interface ID) is decoded
// within the depth bound.
func (d *decoder) attachment(pa *pendingAttachment, parent *mapi.Message) mapi.Attachment {
	a := mapi.NewAttachment(pa.props, pa.data)
	if a.Name == "" {
		a.Name = pa.title
	}
	obj, ok := pa.props[mapi.PidAttachData]
	if !ok || obj.Type != mapi.TypeObject || len(obj.Data) <= 16 {
		return a
	}
	inner := obj.Data[16:]
	if a.Data == nil {
		a.Data = inner
	}
	if !bytes.HasPrefix(inner, []byte{0x78, 0x9F, 0x3E, 0x22}) {
		return a
	}
	if d.depth <= 1 {
		parent.Defects = append(parent.Defects, "embedded message nested too deep: not read")
		return a
	}
	a.Embedded, _ = read(inner, d.lim, d.depth-1)
	return a
}
