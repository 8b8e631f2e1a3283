package cwsandbox

// DemoCompany is one client company of the demo seed, for deriving the
// demo platform's companies from ConnectWise's.
type DemoCompany struct {
	Name, Identifier, Domain string
	// Deleted companies carry deletedFlag true; Prospect ones are not
	// clients; Inactive ones have the Inactive status.
	Deleted, Prospect, Inactive bool
	// Agreement is "active", "cancelled" or "none".
	Agreement string
	// ContactEmails are the e-mail addresses of the company's contacts,
	// the default contact first; the contact at index 4, when there is one,
	// is inactive.
	ContactEmails []string
}

// demoCompanies are the seeded companies in id order (after the MSP's own
// company, id 1). Names exercise matching: punctuation, accents, legal
// suffixes, a leading "The" and a deleted namesake.
var demoCompanies = []DemoCompany{
	{Name: "Acme Corporation", Identifier: "AcmeCorp", Domain: "acme-corp.example"},
	{Name: "O'Brien Dental", Identifier: "OBrienDental", Domain: "obriendental.example"},
	{Name: "Smith & Sons Plumbing", Identifier: "SmithSons", Domain: "smithandsons.example"},
	{Name: `"Best" Bakery LLC`, Identifier: "BestBakery", Domain: "bestbakery.example"},
	{Name: "Café Zürich GmbH", Identifier: "CafeZurich", Domain: "cafe-zuerich.example"},
	{Name: "Société Générale Conseil", Identifier: "SocieteGenerale", Domain: "sgconseil.example"},
	{Name: "Contoso Inc.", Identifier: "Contoso", Domain: "contoso.example"},
	{Name: "Fabrikam, Inc.", Identifier: "Fabrikam", Domain: "fabrikam.example"},
	{Name: "Northwind Traders", Identifier: "NorthwindTraders", Domain: "northwind.example"},
	{Name: "Northwind Traders", Identifier: "NorthwindTraders2", Domain: "northwind-old.example", Deleted: true},
	{Name: "The Greenhouse Collective", Identifier: "Greenhouse", Domain: "greenhousecollective.example"},
	{Name: "Tailspin Toys Ltd", Identifier: "TailspinToys", Domain: "tailspintoys.example"},
	{Name: "Wingtip Toys Limited", Identifier: "WingtipToys", Domain: "wingtiptoys.example"},
	{Name: "Bondi Surf Supplies Pty Ltd", Identifier: "BondiSurf", Domain: "bondisurf.example"},
	{Name: "Litware LLC", Identifier: "Litware", Domain: "litware.example"},
	{Name: "Adventure Works Cycles", Identifier: "AdventureWorks", Domain: "adventure-works.example"},
	{Name: "Alpine Ski House", Identifier: "AlpineSki", Domain: "alpineskihouse.example"},
	{Name: "Blue Yonder Airlines", Identifier: "BlueYonder", Domain: "blueyonderairlines.example"},
	{Name: "City Power & Light", Identifier: "CityPower", Domain: "citypowerlight.example"},
	{Name: "Coho Winery", Identifier: "CohoWinery", Domain: "cohowinery.example"},
	{Name: "Consolidated Messenger", Identifier: "ConsolidatedMsg", Domain: "consolidatedmessenger.example", Agreement: "none"},
	{Name: "Fourth Coffee", Identifier: "FourthCoffee", Domain: "fourthcoffee.example"},
	{Name: "Graphic Design Institute", Identifier: "GraphicDesign", Domain: "graphicdesigninstitute.example"},
	{Name: "Humongous Insurance", Identifier: "Humongous", Domain: "humongousinsurance.example"},
	{Name: "Lucerne Publishing", Identifier: "Lucerne", Domain: "lucernepublishing.example"},
	{Name: "Margie's Travel", Identifier: "MargiesTravel", Domain: "margiestravel.example"},
	{Name: "Proseware, Inc.", Identifier: "Proseware", Domain: "proseware.example"},
	{Name: "School of Fine Art", Identifier: "FineArt", Domain: "fineartschool.example"},
	{Name: "Southridge Video", Identifier: "Southridge", Domain: "southridgevideo.example", Agreement: "none"},
	{Name: "Trey Research", Identifier: "TreyResearch", Domain: "treyresearch.example", Agreement: "cancelled"},
	{Name: "VanArsdel, Ltd.", Identifier: "VanArsdel", Domain: "vanarsdel.example"},
	{Name: "Wide World Importers", Identifier: "WideWorld", Domain: "wideworldimporters.example"},
	{Name: "Woodgrove Bank", Identifier: "Woodgrove", Domain: "woodgrovebank.example"},
	{Name: "Baker & Baker Accountants", Identifier: "BakerBaker", Domain: "bakerandbaker.example"},
	{Name: "Müller Maschinenbau AG", Identifier: "MullerMaschinen", Domain: "mueller-maschinenbau.example"},
	{Name: "Åkesson Logistik AB", Identifier: "AkessonLogistik", Domain: "akesson-logistik.example"},
	{Name: "Kowalski i Synowie Sp. z o.o.", Identifier: "Kowalski", Domain: "kowalski-synowie.example"},
	{Name: "São Paulo Imports Ltda", Identifier: "SaoPauloImports", Domain: "sp-imports.example"},
	{Name: "McAllister's Hardware", Identifier: "McAllisters", Domain: "mcallistershardware.example"},
	{Name: "Johnson Family Practice", Identifier: "JohnsonFamily", Domain: "johnsonfamilypractice.example"},
	{Name: "Riverside Veterinary Clinic", Identifier: "RiversideVet", Domain: "riversidevet.example"},
	{Name: "Summit Legal Group, P.C.", Identifier: "SummitLegal", Domain: "summitlegal.example"},
	{Name: "Harbor View Dental", Identifier: "HarborView", Domain: "harborviewdental.example"},
	{Name: "Pinecrest Property Management", Identifier: "Pinecrest", Domain: "pinecrestpm.example", Agreement: "none"},
	{Name: "Red Rock Engineering Ltd.", Identifier: "RedRock", Domain: "redrockeng.example"},
	{Name: "Maple Leaf Realty Limited", Identifier: "MapleLeaf", Domain: "mapleleafrealty.example"},
	{Name: "The Corner Deli", Identifier: "CornerDeli", Domain: "cornerdeli.example"},
	{Name: "A-1 Auto Repair", Identifier: "A1Auto", Domain: "a1autorepair.example"},
	{Name: "24/7 Locksmiths", Identifier: "247Locksmiths", Domain: "247locksmiths.example"},
	{Name: "Sunrise Senior Living", Identifier: "SunriseSenior", Domain: "sunriseseniorliving.example", Inactive: true},
	{Name: "Blue Sky Ventures", Identifier: "BlueSky", Domain: "blueskyventures.example", Prospect: true, Agreement: "none"},
	{Name: "Evergreen Analytics", Identifier: "Evergreen", Domain: "evergreenanalytics.example", Prospect: true, Agreement: "none"},
	{Name: "Quantum Leap Labs", Identifier: "QuantumLeap", Domain: "quantumleaplabs.example", Prospect: true, Agreement: "none"},
}

// DemoCompanies returns the companies of the demo seed in id order; the
// first has ConnectWise id 2 (id 1 is the MSP itself).
func DemoCompanies() []DemoCompany {
	out := make([]DemoCompany, len(demoCompanies))
	for i, c := range demoCompanies {
		if c.Agreement == "" {
			c.Agreement = "active"
		}
		c.ContactEmails = nil
		for j := range contactCount(i) {
			_, _, email := demoContact(i, j, c.Domain)
			c.ContactEmails = append(c.ContactEmails, email)
		}
		out[i] = c
	}
	return out
}

var firstNames = []string{
	"Alex", "Jordan", "Sam", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Avery", "Quinn",
	"Charlie", "Dana", "Elliot", "Frankie", "Harper", "Jesse", "Kai", "Logan", "Noel", "Parker",
}

var lastNames = []string{
	"Anderson", "Brown", "Chen", "Dubois", "Evans", "Fischer", "García", "Hughes", "Ivanova", "Jones",
	"Kim", "López", "Murphy", "Nguyen", "O'Neil", "Patel", "Rossi", "Schmidt", "Tanaka", "Walsh",
}
