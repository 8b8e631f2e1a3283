// Package cwsandbox is an in-memory emulator of the ConnectWise Manage REST
// API: an http.Handler plus state. It is the demo's embedded ConnectWise and
// the oracle that psabridge's tests run against, so it is strict where the
// real API is strict and keeps records as plain JSON objects in the API's own
// shape rather than sharing the client's Go models: a wrong JSON tag in the
// client shows up as a failed call, not as a silent agreement.
//
// Behaviour chosen where ConnectWise's is undocumented (see
// ../shared/CONNECTWISE.md, tags [unverified]):
//
//   - /login/companyinfo/{companyId} compares the id case-sensitively, as a
//     vendor guide says logins do, and answers JSON null for an unknown id.
//   - A missing or wrong clientId header gets 400 with a JSON body naming
//     clientId; bad Basic credentials get 401 "Unauthorized".
//   - A malformed conditions expression gets 400 "InvalidObject"; an unknown
//     field in conditions or orderBy gets 400 "ApiFindCondition" whose
//     message contains "is not a recognized name". Unknown names in fields=
//     are ignored.
//   - Inside double-quoted condition strings \" and \\ are escapes (the
//     client's convention); single-quoted strings have no escapes, so a value
//     with an apostrophe must be double-quoted.
//   - String comparison is case-insensitive and accent-sensitive, like the
//     SQL Server collation ConnectWise runs on; string lengths are counted in
//     UTF-16 code units, as .NET and nvarchar columns count them.
//   - pageSize above 1000 is clamped to 1000.
//   - Only the "All" level grants a right: an API member owns no records, so
//     "My" is treated as "None".
//   - A PATCH operation whose path is nested (company/id) answers 200 and
//     changes nothing, as ConnectWise has been observed to do.
//   - Document uploads answer 201 with DocumentInfo; the allowed-file-types
//     table gives sizeLimit in megabytes.
//
// Record ids are float64 in the maps returned by Records, as they are in any
// decoded JSON object.
package cwsandbox
