package mapi

import (
	"strings"
	"time"
)

// Message is an Outlook message as both file formats describe it.
type Message struct {
	// Class is the message class, such as "IPM.Note".
	Class string
	// Headers are the Internet headers the message was received with
	// (PidTagTransportMessageHeaders), empty for a message never sent.
	Headers   string
	Subject   string
	From      Mailbox
	Sender    Mailbox
	To, Cc    []Mailbox
	Date      time.Time
	MessageID string
	Body      string
	HTML      []byte
	// RTF is the decompressed RTF body, when the message has one.
	RTF         []byte
	Attachments []Attachment
	// Defects are problems met while reading.
	Defects []string
}

// Mailbox is a display name and an address.
type Mailbox struct {
	Name    string
	Address string
}

// Attachment is one attached file or embedded message.
type Attachment struct {
	Name      string
	MIMEType  string
	ContentID string
	Data      []byte
	// Embedded is set when the attachment is a message itself.
	Embedded *Message
}

// NewMessage builds a Message from the message's own properties and its
// recipients. Attachments are added by the reader.
func NewMessage(p Props, recipients []Props) *Message {
	m := &Message{
		Class:     p.String(PidMessageClass),
		Headers:   p.String(PidTransportHeaders),
		Subject:   p.String(PidSubject),
		MessageID: p.String(PidInternetMessageID),
		Body:      p.String(PidBody),
		HTML:      p.Bytes(PidHTML),
		From:      mailbox(p, PidSentRepName, PidSentRepSMTP, PidSentRepEmail),
		Sender:    mailbox(p, PidSenderName, PidSenderSMTP, PidSenderEmail),
	}
	if m.From.Address == "" {
		m.From = m.Sender
	}
	m.Date = p.Time(PidClientSubmitTime)
	if m.Date.IsZero() {
		m.Date = p.Time(PidDeliveryTime)
	}
	if rtf := p.Bytes(PidRTFCompressed); len(rtf) > 0 {
		m.setRTF(rtf)
	}
	m.addRecipients(recipients)
	return m
}

// setRTF decompresses the RTF body, noting a failure as a defect.
func (m *Message) setRTF(compressed []byte) {
	rtf, err := DecompressRTF(compressed, maxRTF)
	if err != nil {
		m.Defects = append(m.Defects, "compressed rtf body unreadable: "+err.Error())
	}
	m.RTF = rtf
}

// maxRTF bounds a decompressed RTF body.
const maxRTF = 8 << 20

// addRecipients sorts the recipient rows into To and Cc; Bcc is dropped.
func (m *Message) addRecipients(rows []Props) {
	for _, r := range rows {
		mb := mailbox(r, PidDisplayName, PidSMTPAddress, PidEmailAddress)
		switch r.Int(PidRecipientType) {
		case RecipientTypeCc:
			m.Cc = append(m.Cc, mb)
		case RecipientTypeBcc:
		default:
			m.To = append(m.To, mb)
		}
	}
}

// mailbox reads a name and the best address: the SMTP address when
// present, else the address property when it looks like an SMTP address
// (Exchange-internal senders carry an X.500 path there instead).
func mailbox(p Props, name, smtp, addr uint16) Mailbox {
	mb := Mailbox{Name: strings.TrimSpace(p.String(name)), Address: strings.TrimSpace(p.String(smtp))}
	if a := strings.TrimSpace(p.String(addr)); mb.Address == "" && strings.Contains(a, "@") {
		mb.Address = a
	}
	return mb
}

// NewAttachment builds an attachment from its properties; data is the
// content when it came separately (TNEF's attAttachData).
func NewAttachment(p Props, data []byte) Attachment {
	a := Attachment{
		Name:      p.String(PidAttachLongFilename),
		MIMEType:  strings.ToLower(strings.TrimSpace(p.String(PidAttachMIMETag))),
		ContentID: p.String(PidAttachContentID),
		Data:      data,
	}
	if a.Name == "" {
		a.Name = p.String(PidAttachFilename)
	}
	if a.Name == "" {
		a.Name = p.String(PidDisplayName)
	}
	if v, ok := p[PidAttachData]; ok && v.Type == TypeBinary && a.Data == nil {
		a.Data = v.Data
	}
	return a
}
