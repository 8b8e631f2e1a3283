#!/usr/bin/env python3
"""Writes the labelled company-matching set: cw_companies.csv (the
ConnectWise side) and platform.csv (the platform side, each row labelled
with the ConnectWise id it must map to, 0 when it must not be mapped).

Every name is synthetic, built from the word lists below; no real person or
company is meant. Run from this folder: python3 generate.py
"""
import csv
import random

rng = random.Random(7)

PLACES = """Amber Aspen Bayside Birch Bluewater Bramble Brook Cedar Clearwater Cobalt
Copper Coral Crescent Crystal Cypress Driftwood Eastgate Elm Emerald Fairview
Falcon Fernhill Foxglove Garnet Glacier Golden Granite Greenfield Harbor Hawthorn
Hazel Heron Highland Holly Indigo Iron Ivy Juniper Kestrel Lakeside Larch Laurel
Linden Maple Marigold Meadow Millbrook Mistral Moss Northgate Oak Obsidian Olive
Onyx Orchard Osprey Pebble Pine Poplar Quarry Quartz Raven Redwood Ridge Rowan
Saffron Sage Silver Slate Sparrow Spruce Stonebridge Summit Sycamore Thistle
Timber Topaz Tundra Valley Velvet Willow Windmill Wren Yarrow Zephyr Alder
Beacon Canyon Delta Ember Frost Grove Horizon Isle Jasper Kingfisher Lantern""".split()
TRADES = """Dental Plumbing Bakery Logistics Legal Accounting Veterinary Roofing Realty
Engineering Pharmacy Insurance Consulting Architects Motors Printing Catering
Landscaping Optics Fitness Clinic Electrical Storage Travel Imports Media
Robotics Textiles Analytics Surveyors Opticians Hardware Brewing Cabinetry""".split()
SUFFIXES = ["Inc", "Inc.", "LLC", "L.L.C.", "Ltd", "Limited", "GmbH", "Pty Ltd", "S.A.",
            "B.V.", "Corp", "Corporation", "Co.", "AB", "Oy", "SARL", "Ltda"]
ACCENTS = {"e": "é", "a": "á", "o": "ö", "u": "ü", "i": "í"}

used = set()


def fresh_name():
    while True:
        n = f"{rng.choice(PLACES)} {rng.choice(TRADES)}"
        if n not in used:
            used.add(n)
            return n


def domain_of(name, tag=""):
    return name.lower().replace(" ", "") + tag + ".example"


def variant(name):
    """The same company as another system spells it."""
    kind = rng.randrange(6)
    if kind == 0:
        return name.upper() + " " + rng.choice(SUFFIXES)
    if kind == 1:
        return "The " + name + ", " + rng.choice(SUFFIXES)
    if kind == 2:
        return name.replace(" ", "-") + "."
    if kind == 3:
        return "".join(ACCENTS.get(c, c) if i == 1 else c for i, c in enumerate(name))
    if kind == 4:
        return "  " + name.replace(" ", "  ") + " " + rng.choice(SUFFIXES) + " "
    return name.lower()


def typo(name):
    """A one-letter slip inside the longest word."""
    w = name.split()
    i = max(range(len(w)), key=lambda k: len(w[k]))
    s = w[i]
    p = rng.randrange(1, len(s) - 1)
    w[i] = s[:p] + s[p + 1:]
    return " ".join(w)


cw = []       # id, identifier, name, website, status, type, deleted, contact_domains
platform = []  # external_id, name, domains, want_cw_id, case


def add_cw(name, website="", status="Active", typ="Client", deleted=False, contacts=()):
    cid = len(cw) + 2
    ident = "".join(ch for ch in name.title() if ch.isalnum())[:25] + str(cid)
    cw.append([cid, ident, name, website, status, typ, "true" if deleted else "false",
               " ".join(contacts)])
    return cid


def add_pf(name, domains, want, case, ext=None):
    ext = ext or f"P{len(platform) + 1:04d}"
    platform.append([ext, name, " ".join(domains), want, case])


# Positives: the same company spelled differently, no domains to compare.
for _ in range(80):
    n = fresh_name()
    cid = add_cw(n)
    add_pf(variant(n), [], cid, "name variant")

# Positives: name variant and an e-mail domain on the website or contacts.
for k in range(60):
    n = fresh_name()
    d = domain_of(n)
    cid = add_cw(n, website="https://www." + d if k % 2 else "", contacts=[d] if k % 2 == 0 else [])
    add_pf(variant(n), [d], cid, "name variant and domain")

# Positives: a typo in the name, rescued by the domain.
for _ in range(30):
    n = fresh_name()
    d = domain_of(n)
    cid = add_cw(n, website="http://" + d + "/")
    add_pf(typo(n), [d], cid, "typo and domain")

# Positives: renamed company, only the domain in common (suggested, not
# applied: the name gives no support).
for _ in range(10):
    n, renamed = fresh_name(), fresh_name()
    d = domain_of(n)
    cid = add_cw(n, contacts=[d, "gmail.com"])
    add_pf(renamed, [d], cid, "renamed, domain only")

# Positives: the platform's external id is the ConnectWise identifier.
for _ in range(20):
    n, other = fresh_name(), fresh_name()
    cid = add_cw(n)
    platform.append([cw[-1][1], other, "", cid, "identifier"])

# Positives: a deleted twin beside the live company.
for _ in range(15):
    n = fresh_name()
    add_cw(n, deleted=True)
    cid = add_cw(n + " " + rng.choice(SUFFIXES))
    add_pf(n, [], cid, "deleted twin beside live company")

# Negatives: same name, a different company (domains differ).
for _ in range(20):
    n = fresh_name()
    add_cw(n, website="https://" + domain_of(n, "-group"))
    add_pf(n, [domain_of(n, "-local")], 0, "same name, different company")

# Negatives: only a deleted twin exists.
for _ in range(15):
    n = fresh_name()
    add_cw(n, deleted=True)
    add_pf(variant(n), [], 0, "deleted twin only")

# Negatives: a prospect or a not-approved company.
for k in range(15):
    n = fresh_name()
    add_cw(n, typ="Prospect" if k % 3 else "Not Approved")
    add_pf(n, [], 0, "prospect")

# Negatives: an inactive company.
for _ in range(10):
    n = fresh_name()
    add_cw(n, status="Inactive")
    add_pf(n, [], 0, "inactive")

# Negatives: near-identical names of different companies.
for _ in range(25):
    n = fresh_name()
    w = n.split()
    near = w[0] + " " + rng.choice([t for t in TRADES if t != w[1]])
    if near in used:
        continue
    used.add(near)
    add_cw(n)
    add_pf(near, [], 0, "near-identical name")

# Different companies sharing a domain (a holding's shared mailbox domain).
for k in range(20):
    a, b = fresh_name(), fresh_name()
    shared = domain_of(a, "-holding")
    ca = add_cw(a, contacts=[shared])
    add_cw(b, contacts=[shared])
    if k % 2 == 0:
        add_pf(variant(a), [shared], ca, "shared domain, name decides")
    else:
        add_pf(fresh_name(), [shared], 0, "shared domain, name matches neither")

# Negatives: no counterpart at all.
for _ in range(30):
    add_pf(fresh_name(), [], 0, "no counterpart")

# Distractors: ConnectWise companies no platform company is.
for _ in range(400):
    n = fresh_name()
    add_cw(n, website="https://" + domain_of(n, "-d"))

with open("cw_companies.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "identifier", "name", "website", "status", "type", "deleted",
                "contact_domains"])
    w.writerows(cw)
with open("platform.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["external_id", "name", "domains", "want_cw_id", "case"])
    w.writerows(platform)
print(len(cw), "ConnectWise companies,", len(platform), "labelled platform companies")
