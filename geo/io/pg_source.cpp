// PostGIS window queries through GDAL's PostgreSQL driver (geo/pg_source.hpp).
//
// Sections:
//   1. SQL text helpers        2. running statements through GDAL    3. the connection
//   4. finding the table       5. time and place expressions         6. indexes
//   7. window queries          8. histogram, time range, tools
//
// Every query is built here as SQL text: the window's times and box are written as literals that the
// planner folds (so the B-tree and GiST indexes serve them), and the columns come from the
// database's own catalogue, quoted. Nothing a user typed is pasted unquoted: the connection string
// goes to libpq, a table name and a CRS go through pgQuoteIdent / pgQuoteLiteral.
#include "geo/pg_source.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "geo/io.hpp"
#include "geo/projection.hpp"

namespace geo {

// --- 1. SQL text helpers -----------------------------------------------------------------------------
bool isPgConnection(const std::string& source) {
  return source.size() >= 3 && (source[0] == 'P' || source[0] == 'p') && (source[1] == 'G' || source[1] == 'g') &&
         source[2] == ':';
}

std::string pgDisplayName(const std::string& connection, const std::string& table) {
  // libpq's keyword = value pairs: values may be 'quoted' with \' and \\ escapes.
  const std::string c = isPgConnection(connection) ? connection.substr(3) : connection;
  std::string host, port, db, tables;
  size_t i = 0;
  while (i < c.size()) {
    while (i < c.size() && std::isspace(static_cast<unsigned char>(c[i]))) ++i;
    size_t k = i;
    while (k < c.size() && c[k] != '=' && !std::isspace(static_cast<unsigned char>(c[k]))) ++k;
    const std::string key = c.substr(i, k - i);
    while (k < c.size() && std::isspace(static_cast<unsigned char>(c[k]))) ++k;
    if (k >= c.size() || c[k] != '=') {  // not a pair: skip the word
      i = k + (k < c.size() ? 1 : 0);
      continue;
    }
    ++k;
    while (k < c.size() && std::isspace(static_cast<unsigned char>(c[k]))) ++k;
    std::string value;
    if (k < c.size() && c[k] == '\'') {
      for (++k; k < c.size() && c[k] != '\''; ++k) {
        if (c[k] == '\\' && k + 1 < c.size()) ++k;
        value += c[k];
      }
      if (k < c.size()) ++k;
    } else {
      while (k < c.size() && !std::isspace(static_cast<unsigned char>(c[k]))) value += c[k++];
    }
    i = k;
    if (key == "host") host = value;
    else if (key == "hostaddr" && host.empty()) host = value;
    else if (key == "port") port = value;
    else if (key == "dbname") db = value;
    else if (key == "tables") tables = value;
  }
  if (host.empty()) host = "localhost";
  if (host[0] == '/') host = "localhost";  // a Unix socket folder says nothing to the reader
  if (!port.empty() && port != "5432") host += ":" + port;
  std::string t = !table.empty() ? table : tables;
  if (const size_t comma = t.find(','); comma != std::string::npos) t = t.substr(0, comma);
  if (const size_t paren = t.find('('); paren != std::string::npos) t = t.substr(0, paren);  // tables=t(geom)
  std::string out = host + "/" + (db.empty() ? std::string("?") : db);
  if (!t.empty()) out += "/" + t;
  return out;
}

std::string sourceLabel(const std::string& source) {
  return isPgConnection(source) ? pgDisplayName(source) : source;
}

std::string pgQuoteIdent(const std::string& name) {
  std::string s = "\"";
  for (char c : name) {
    if (c == '"') s += '"';
    s += c;
  }
  return s + '"';
}

// standard_conforming_strings is on in every supported PostgreSQL: only quotes need doubling.
std::string pgQuoteLiteral(const std::string& text) {
  std::string s = "'";
  for (char c : text) {
    if (c == '\'') s += '\'';
    s += c;
  }
  return s + '\'';
}

namespace {
std::string num(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}
std::string num(int64_t v) { return std::to_string(v); }

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int64_t ceilDiv(int64_t a, int64_t b) { return -floorDiv(-a, b); }

// Column names compared as the loader does: case, spaces and underscores ignored.
std::string normName(const std::string& s) {
  std::string o;
  for (char c : s)
    if (c != ' ' && c != '_' && c != '-') o += char(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

// An index key as pg_get_indexdef writes it, compared loosely: no quotes, spaces or parentheses.
std::string normKey(const std::string& s) {
  std::string o;
  for (char c : s)
    if (c != '"' && c != ' ' && c != '(' && c != ')') o += char(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

double msSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

bool isCancelMessage(const std::string& m) {
  return m.find("canceling statement") != std::string::npos;  // user request or statement timeout
}
}  // namespace

// --- 2. running statements through GDAL ------------------------------------------------------------------
namespace {
// GDAL's failures during one statement (errors only: the driver reports server NOTICEs as debug).
struct Failures {
  std::string last;
  static void CPL_STDCALL handler(CPLErr cls, CPLErrorNum, const char* msg) {
    if (cls < CE_Failure) return;
    auto* self = static_cast<Failures*>(CPLGetErrorHandlerUserData());
    if (self && msg) self->last = msg;
  }
};

// The server's message without GDAL's wrapping ("ERROR:  ...\n" and the statement echoed back).
std::string cleanMessage(std::string m) {
  for (const char* prefix : {"ERROR:  ", "FATAL:  "})
    if (const size_t p = m.find(prefix); p != std::string::npos) m = m.substr(p + std::string(prefix).size());
  // libpq's messages run over several lines (GDAL's own line first): one line, parts joined by "; ".
  std::string o;
  size_t p = 0;
  while (p <= m.size()) {
    size_t nl = m.find('\n', p);
    if (nl == std::string::npos) nl = m.size();
    std::string line = m.substr(p, nl - p);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    while (!line.empty() && line.front() == ' ') line.erase(0, 1);
    // The statement GDAL echoes back after the server's message is noise to a user.
    if (line.rfind("LINE ", 0) == 0 || line.rfind("^", 0) == 0) break;
    if (!line.empty()) o += (o.empty() ? "" : "; ") + line;
    p = nl + 1;
  }
  return o;
}

// Runs sql; onRow is called for each row (an OGRFeature whose fields are the select list, in order).
// False with *error when GDAL or the server reported a failure, also in the middle of the rows.
//
// A statement that starts with SELECT would be read by GDAL through a cursor inside a transaction
// of its own: after a cancelled or failed FETCH that transaction stays aborted and GDAL's count of
// open transactions with it, so that every later statement fails. Written in parentheses, the same
// SELECT is sent as one statement in autocommit (the driver's path for statements that are not a
// plain SELECT) and its rows come back in one round trip: a failure leaves the connection idle.
template <class OnRow>
bool forEachRow(GDALDataset& ds, const std::string& sql, OnRow&& onRow, std::string& error) {
  Failures fail;
  CPLErrorHandlerPusher push(Failures::handler, &fail);
  CPLErrorReset();
  const std::string text = STARTS_WITH_CI(sql.c_str(), "SELECT") ? "(" + sql + ")" : sql;
  OGRLayer* layer = ds.ExecuteSQL(text.c_str(), nullptr, nullptr);
  if (layer) {
    for (auto& f : *layer) onRow(*f);
    ds.ReleaseResultSet(layer);
  }
  if (!fail.last.empty()) {
    error = cleanMessage(fail.last);
    return false;
  }
  return true;
}

int64_t asInt(OGRFeature& f, int i, int64_t dflt) { return f.IsFieldSetAndNotNull(i) ? f.GetFieldAsInteger64(i) : dflt; }
double asDouble(OGRFeature& f, int i) { return f.IsFieldSetAndNotNull(i) ? f.GetFieldAsDouble(i) : 0.0; }
std::string asText(OGRFeature& f, int i) { return f.IsFieldSetAndNotNull(i) ? f.GetFieldAsString(i) : std::string(); }
}  // namespace

// --- 3. the connection -------------------------------------------------------------------------------------
struct PgSource::Impl {
  GDALDatasetUniquePtr ds;
  std::string connection;  // for messages: host/dbname/table (pgDisplayName), never the password
  PgOpenOptions opt;
  PgTable table;
  std::vector<std::string> notes;
  int64_t pid = 0;
  // SQL of the table, built once by prepare() (section 5).
  std::string from;        // "schema"."name"
  std::string startCol;    // quoted start column
  std::string lastKey;     // coalesce(end, start) (or the start), the key of the second B-tree
  std::string spanKey;     // coalesce(end, start) - start ("" without an end column)
  bool spanIndexed = false;  // the B-tree on spanKey exists: max() of it costs nothing
  // Seconds: the longest span (last - first) when spanIndexed, read before each window; -1 = unknown
  // (the window's starts are then bounded by t1 only).
  int64_t maxSpan = -1;
  std::string geomCol;     // quoted geometry column
  std::string point;       // a point of the geometry, in its own SRID
  std::string idSql, titleSql, categorySql, fatalitiesSql;
  // The cells' CRS of the last query (PROJ objects are slow to make).
  std::string cellCrs;
  std::unique_ptr<Projection> cellProj;
  std::map<std::string, int> cellSrids;  // cell CRS text -> SRID on the server (0: none)

  bool run(const std::string& sql, std::string* error) {
    std::string e;
    const bool ok = forEachRow(*ds, sql, [](OGRFeature&) {}, e);
    if (!ok && error) *error = e;
    return ok;
  }
};

PgSource::PgSource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PgSource::~PgSource() = default;
const PgTable& PgSource::table() const { return impl_->table; }
const std::vector<std::string>& PgSource::notes() const { return impl_->notes; }
int64_t PgSource::backendPid() const { return impl_->pid; }

namespace {
std::unique_ptr<PgSource::Impl> connectImpl(const std::string& connection, const PgOpenOptions& opt, std::string* error) {
  initGdal();
  auto impl = std::make_unique<PgSource::Impl>();
  impl->opt = opt;
  impl->connection = pgDisplayName(connection);  // host/dbname/table: never the password
  std::string conn = isPgConnection(connection) ? "PG:" + connection.substr(3) : "PG:" + connection;
  // Without connect_timeout libpq waits for as long as the operating system does (minutes) on a
  // host that does not answer; with it the open fails with a message instead of hanging.
  if (conn.find("connect_timeout") == std::string::npos && opt.connectTimeoutS > 0)
    conn += " connect_timeout=" + std::to_string(std::max(2, opt.connectTimeoutS));
  Failures fail;
  {
    CPLErrorHandlerPusher push(Failures::handler, &fail);
    const char* const drivers[] = {"PostgreSQL", nullptr};
    const char* const oo[] = {"LIST_ALL_TABLES=NO", nullptr};
    impl->ds.reset(GDALDataset::Open(conn.c_str(), GDAL_OF_VECTOR | GDAL_OF_VERBOSE_ERROR, drivers, oo, nullptr));
  }
  if (!impl->ds) {
    if (error) {
      std::string why = fail.last.empty() ? "GDAL's PostgreSQL driver could not connect" : cleanMessage(fail.last);
      *error = impl->connection + ": cannot connect (" + why + ")";
    }
    return nullptr;
  }
  std::string e;
  bool ok = forEachRow(*impl->ds, "SELECT pg_backend_pid() AS pid", [&](OGRFeature& f) { impl->pid = asInt(f, 0, 0); }, e);
  // Outside any transaction, so that the settings last for the session. Cursors are read to the
  // end (the planner's default assumes a tenth is read, and picks plans that start fast but finish
  // slow); the statement timeout is a last guard for a query nobody cancels.
  if (ok) ok = impl->run("SET cursor_tuple_fraction = 1.0", &e);
  if (ok && opt.statementTimeoutS > 0)
    ok = impl->run("SET statement_timeout = " + std::to_string(int64_t(opt.statementTimeoutS) * 1000), &e);
  if (!ok) {
    if (error) *error = impl->connection + ": " + e;
    return nullptr;
  }
  return impl;
}
}  // namespace

std::unique_ptr<PgSource> PgSource::connect(const std::string& connection, const PgOpenOptions& opt, std::string* error) {
  auto impl = connectImpl(connection, opt, error);
  if (!impl) return nullptr;
  return std::unique_ptr<PgSource>(new PgSource(std::move(impl)));
}

// --- 4. finding the table ------------------------------------------------------------------------------
namespace {
struct Column {
  std::string name, type;  // type as format_type() writes it
};
struct Candidate {
  std::string schema, name, geom, geomType;
  int srid = 0;
  std::vector<Column> cols;
  std::string pk;  // primary key column, when it is one column

  const Column* find(std::initializer_list<const char*> names) const {
    for (const char* n : names)
      for (const Column& c : cols)
        if (c.name == n) return &c;
    for (const char* n : names)
      for (const Column& c : cols)
        if (normName(c.name) == normName(n)) return &c;
    return nullptr;
  }
  bool has(const char* n) const { return find({n}) != nullptr; }
  std::string list() const {
    std::string s;
    for (const Column& c : cols) s += (s.empty() ? "" : ", ") + c.name + " (" + c.type + ")";
    return s;
  }
};

bool isTimeType(const std::string& t) {
  return t == "date" || t == "timestamp without time zone" || t == "timestamp with time zone";
}
std::string shortTimeType(const std::string& t) {
  return t == "date" ? "date" : t == "timestamp with time zone" ? "timestamptz" : "timestamp";
}
bool isIntegerType(const std::string& t) { return t == "integer" || t == "bigint" || t == "smallint"; }
bool isNumberType(const std::string& t) { return t == "numeric" || t == "double precision" || t == "real"; }

std::string layoutOf(const Candidate& c) {
  if (c.has("event_date") && (c.has("event_id_cnty") || c.has("sub_event_type") || (c.has("actor1") && c.has("event_type"))))
    return "acled";
  if (c.has("date_start") && (c.has("type_of_violence") || c.has("where_prec") || c.has("date_prec") || c.has("side_a")))
    return "ucdp-ged";
  return "generic";
}

const Column* startColumn(const Candidate& c, const std::string& layout) {
  if (layout == "acled") return c.find({"event_date"});
  if (layout == "ucdp-ged") return c.find({"date_start"});
  return c.find({"start", "start_date", "date_start", "date", "begin", "timestamp", "event_date", "datetime"});
}
const Column* endColumn(const Candidate& c, const std::string& layout) {
  if (layout == "acled") return nullptr;
  if (layout == "ucdp-ged") return c.find({"date_end"});
  return c.find({"end", "end_date", "date_end", "finish"});
}
}  // namespace

// --- 5. time and place expressions ------------------------------------------------------------------
namespace {
// Seconds UTC of a value of the start's type (x is SQL of that type), first and last second it
// stands for: a date is its whole day. None of these depend on the session's TimeZone.
std::string firstOf(const std::string& type, const std::string& x) {
  if (type == "date") return "((" + x + " - DATE '1970-01-01')::bigint * 86400)";
  return "floor(extract(epoch FROM " + x + "))::bigint";
}
std::string lastOf(const std::string& type, const std::string& x) {
  if (type == "date") return "((" + x + " - DATE '1970-01-01')::bigint * 86400 + 86399)";
  return "floor(extract(epoch FROM " + x + "))::bigint";
}
// Literals of the start's type bounding first <= t and last >= t, written so that the comparison
// is with the column itself (and its index serves it).
std::string firstAtMost(const std::string& type, const std::string& col, Seconds t) {
  if (type == "date") return col + " <= DATE '1970-01-01' + " + num(floorDiv(t, 86400));
  if (type == "timestamptz") return col + " < to_timestamp(" + num(t + 1) + ")";
  return col + " < TIMESTAMP '1970-01-01' + interval '" + num(t + 1) + " seconds'";
}
std::string firstAtLeast(const std::string& type, const std::string& col, Seconds t) {
  if (type == "date") return col + " >= DATE '1970-01-01' + " + num(ceilDiv(t, 86400));
  if (type == "timestamptz") return col + " >= to_timestamp(" + num(t) + ")";
  return col + " >= TIMESTAMP '1970-01-01' + interval '" + num(t) + " seconds'";
}
std::string lastAtLeast(const std::string& type, const std::string& key, Seconds t) {
  if (type == "date") return key + " >= DATE '1970-01-01' + " + num(floorDiv(t, 86400));
  if (type == "timestamptz") return key + " >= to_timestamp(" + num(t) + ")";
  return key + " >= TIMESTAMP '1970-01-01' + interval '" + num(t) + " seconds'";
}

std::string textOf(const std::string& col) { return "nullif(trim(" + col + "::text), '')"; }

// A count column as bigint, NULL when unknown (text that is no whole number included).
std::string countOf(const Column& c) {
  const std::string q = pgQuoteIdent(c.name);
  if (isIntegerType(c.type)) return q + "::bigint";
  if (isNumberType(c.type)) return "round(" + q + ")::bigint";
  return "CASE WHEN trim(" + q + "::text) ~ '^-?[0-9]+$' THEN trim(" + q + "::text)::bigint END";
}

// Fills the table's roles and the SQL of its expressions; false with *why when it cannot serve.
bool prepare(PgSource::Impl& m, const Candidate& c, std::string* why) {
  PgTable& t = m.table;
  t = PgTable{};
  t.schema = c.schema;
  t.name = c.name;
  t.layout = layoutOf(c);
  t.geometry = c.geom;
  t.geometryType = c.geomType;
  t.srid = c.srid;
  const Column* start = startColumn(c, t.layout);
  if (!start) {
    if (why) *why = "no start column (start, start_date, date_start, date, begin, timestamp, event_date, datetime)";
    return false;
  }
  if (!isTimeType(start->type)) {
    if (why)
      *why = "column " + start->name + " is " + start->type +
             "; window queries need a date or timestamp column: ALTER TABLE " + pgQuoteIdent(c.schema) + "." +
             pgQuoteIdent(c.name) + " ALTER COLUMN " + pgQuoteIdent(start->name) + " TYPE date USING " +
             pgQuoteIdent(start->name) + "::date (or TYPE timestamptz)";
    return false;
  }
  t.start = start->name;
  t.timeType = shortTimeType(start->type);
  m.from = pgQuoteIdent(c.schema) + "." + pgQuoteIdent(c.name);
  m.startCol = pgQuoteIdent(start->name);
  m.lastKey = m.startCol;
  if (const Column* end = endColumn(c, t.layout)) {
    if (!isTimeType(end->type)) {
      m.notes.push_back("column " + end->name + " is " + end->type + ", not a date or timestamp: events are read without an end");
    } else {
      t.end = end->name;
      std::string e = pgQuoteIdent(end->name);
      if (end->type != start->type) e += "::" + start->type;
      m.lastKey = "coalesce(" + e + ", " + m.startCol + ")";
      m.spanKey = "(" + m.lastKey + " - " + m.startCol + ")";
    }
  }
  m.geomCol = pgQuoteIdent(c.geom);
  if (t.srid == 0) {
    m.notes.push_back("geometry column " + c.geom + " has no SRID: read as WGS84 longitude/latitude (EPSG:4326)");
  }
  m.point = (c.geomType == "POINT") ? m.geomCol : "ST_PointOnSurface(" + m.geomCol + ")";

  // Title, category, id, fatalities by layout, as the loader reads them.
  const Column* id = nullptr;
  if (t.layout == "acled") id = c.find({"event_id_cnty", "event_id"});
  else if (t.layout == "ucdp-ged") id = c.find({"id"});
  else id = c.find({"id", "event_id", "eventid", "uid", "unique_id"});
  std::string idSql;
  if (id) {
    t.id = id->name;
    idSql = pgQuoteIdent(id->name) + "::text";
  } else if (!c.pk.empty()) {
    t.id = c.pk;
    idSql = pgQuoteIdent(c.pk) + "::text";
  } else {
    idSql = "NULL::text";
    m.notes.push_back("no id column and no primary key: events have no id");
  }
  m.idSql = idSql;

  const Column* place = c.find({"place", "location", "place_name"});
  std::string placeSql = place ? textOf(pgQuoteIdent(place->name)) : "NULL::text";
  if (t.layout == "acled") {
    const Column* type = c.find({"event_type"});
    const Column* sub = c.find({"sub_event_type"});
    const std::string typeSql = type ? textOf(pgQuoteIdent(type->name)) : "NULL::text";
    const std::string subSql = sub ? textOf(pgQuoteIdent(sub->name)) : "NULL::text";
    const std::string what = "coalesce(" + subSql + ", " + typeSql + ")";
    m.titleSql = "coalesce(" + what + " || ' in ' || " + placeSql + ", " + what + ", " + placeSql + ", " + idSql + ")";
    t.title = sub ? sub->name : type ? type->name : "";
    if (type) {
      t.category = type->name;
      const std::string lt = "lower(" + typeSql + ")";
      m.categorySql = "CASE " + lt + " WHEN 'battles' THEN 'war' WHEN 'explosions/remote violence' THEN 'strikes'" +
                      " WHEN 'violence against civilians' THEN 'civilian_harm' WHEN 'protests' THEN 'unrest'" +
                      " WHEN 'riots' THEN 'unrest' WHEN 'strategic developments' THEN CASE WHEN lower(" + subSql +
                      ") = 'agreement' THEN 'diplomacy' ELSE 'deployment' END ELSE coalesce(" + typeSql + ", '') END";
    }
    if (const Column* f = c.find({"fatalities"})) {
      t.fatalities = f->name;
      m.fatalitiesSql = countOf(*f);
    }
  } else if (t.layout == "ucdp-ged") {
    const Column* conflict = c.find({"conflict_name"});
    const Column* dyad = c.find({"dyad_name"});
    m.titleSql = "coalesce(" + (conflict ? textOf(pgQuoteIdent(conflict->name)) : "NULL::text") + ", " +
                 (dyad ? textOf(pgQuoteIdent(dyad->name)) : "NULL::text") + ", " + idSql + ")";
    t.title = conflict ? conflict->name : dyad ? dyad->name : "";
    if (const Column* tov = c.find({"type_of_violence"})) {
      t.category = tov->name;
      const std::string v = "trim(" + pgQuoteIdent(tov->name) + "::text)";
      m.categorySql = "CASE WHEN " + v + " IN ('1', '2') THEN 'war' WHEN " + v + " = '3' THEN 'civilian_harm' WHEN " +
                      v + " = '' THEN '' ELSE 'ucdp type ' || " + v + " END";
    }
    if (const Column* f = c.find({"best"})) {
      t.fatalities = f->name;
      m.fatalitiesSql = countOf(*f);
    }
  } else {
    if (const Column* title = c.find({"title", "name", "headline", "label"})) {
      t.title = title->name;
      m.titleSql = "coalesce(" + textOf(pgQuoteIdent(title->name)) + ", " + placeSql + ", " + idSql + ")";
    } else {
      m.titleSql = "coalesce(" + placeSql + ", " + idSql + ")";
    }
    if (const Column* cat = c.find({"category", "type"})) {
      t.category = cat->name;
      m.categorySql = "coalesce(" + textOf(pgQuoteIdent(cat->name)) + ", '')";
    }
    if (const Column* f = c.find({"fatalities_best", "fatalities", "deaths"})) {
      t.fatalities = f->name;
      m.fatalitiesSql = countOf(*f);
    }
  }
  if (m.categorySql.empty()) m.categorySql = "''::text";
  if (m.fatalitiesSql.empty()) m.fatalitiesSql = "NULL::bigint";
  return true;
}
}  // namespace

std::unique_ptr<PgSource> PgSource::open(const std::string& connection, const PgOpenOptions& opt, std::string* error) {
  auto impl = connectImpl(connection, opt, error);
  if (!impl) return nullptr;
  PgSource::Impl& m = *impl;

  // Every table or view with a geometry column, with its columns, in one round trip. GDAL's
  // "tables=NAME" in the connection string names the table as opt.table does.
  std::string want = opt.table;
  if (want.empty()) {
    const std::string c = connection;
    for (size_t p = c.find("tables="); p != std::string::npos; p = c.find("tables=", p + 1)) {
      if (p > 0 && c[p - 1] != ' ' && c[p - 1] != ':') continue;
      size_t e = c.find(' ', p);
      const std::string v = c.substr(p + 7, e == std::string::npos ? std::string::npos : e - p - 7);
      if (!v.empty() && v.find_first_of(",()") == std::string::npos) want = v;
      break;
    }
  }
  std::string wantSchema, wantName = want;
  if (const size_t dot = want.find('.'); dot != std::string::npos) {
    wantSchema = want.substr(0, dot);
    wantName = want.substr(dot + 1);
  }
  std::string sql =
      "SELECT g.f_table_schema::text AS s, g.f_table_name::text AS t, g.f_geometry_column::text AS g, g.srid AS srid, "
      "g.type::text AS gt, a.attname::text AS col, format_type(a.atttypid, NULL) AS ct, "
      "(SELECT pa.attname::text FROM pg_index i JOIN pg_attribute pa ON pa.attrelid = i.indrelid AND "
      "pa.attnum = i.indkey[0] WHERE i.indrelid = c.oid AND i.indisprimary AND i.indnatts = 1) AS pk "
      "FROM geometry_columns g "
      "JOIN pg_namespace n ON n.nspname = g.f_table_schema "
      "JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = g.f_table_name "
      "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ";
  if (!wantName.empty()) {
    sql += "WHERE g.f_table_name = " + pgQuoteLiteral(wantName);
    if (!wantSchema.empty()) sql += " AND g.f_table_schema = " + pgQuoteLiteral(wantSchema);
    sql += " ";
  }
  sql += "ORDER BY (g.f_table_name = 'events') DESC, (g.f_table_schema = 'public') DESC, 1, 2, 3, a.attnum";
  std::vector<Candidate> cands;
  std::string e;
  const bool ok = forEachRow(*m.ds, sql, [&](OGRFeature& f) {
    const std::string schema = asText(f, 0), name = asText(f, 1), geom = asText(f, 2);
    if (cands.empty() || cands.back().schema != schema || cands.back().name != name || cands.back().geom != geom) {
      // A second geometry column of the same table is a candidate of its own; the first one wins.
      cands.push_back({schema, name, geom, asText(f, 4), int(asInt(f, 3, 0)), {}, asText(f, 7)});
    }
    cands.back().cols.push_back({asText(f, 5), asText(f, 6)});
  }, e);
  if (!ok) {
    if (error) {
      *error = m.connection + ": cannot list the tables (" + e + ")";
      if (e.find("geometry_columns") != std::string::npos)
        *error += ": PostGIS is not installed in this database (CREATE EXTENSION postgis)";
    }
    return nullptr;
  }
  if (cands.empty()) {
    if (error)
      *error = m.connection + ": " +
               (wantName.empty() ? std::string("no table with a PostGIS geometry column")
                                 : "no table '" + want + "' with a PostGIS geometry column");
    return nullptr;
  }
  std::string reasons;
  bool found = false;
  std::vector<std::string> others;
  for (const Candidate& c : cands) {
    if (found) {
      PgSource::Impl probe;
      if (prepare(probe, c, nullptr)) others.push_back(c.schema + "." + c.name);
      continue;
    }
    std::string why;
    if (prepare(m, c, &why)) {
      found = true;
    } else {
      reasons += "\n  " + c.schema + "." + c.name + ": " + why + " (columns: " + c.list() + ")";
    }
  }
  if (!found) {
    if (error) *error = m.connection + ": no table of events:" + reasons;
    return nullptr;
  }
  if (!others.empty()) {
    std::string list;
    for (const auto& o : others) list += (list.empty() ? "" : ", ") + o;
    m.notes.push_back("read table " + m.table.schema + "." + m.table.name + "; other tables of events: " + list +
                      " (choose one with tables=NAME in the connection string)");
  }
  forEachRow(*m.ds, "SELECT reltuples::bigint AS n FROM pg_class WHERE oid = " + pgQuoteLiteral(m.from) + "::regclass",
             [&](OGRFeature& f) { m.table.estimatedRows = asInt(f, 0, -1); }, e);

  auto src = std::unique_ptr<PgSource>(new PgSource(std::move(impl)));
  PgIndexes idx = src->indexes();
  if (!idx.complete()) {
    std::string err;
    if (opt.createIndexes && src->createIndexes(&err)) {
      src->impl_->notes.push_back("created the indexes window queries need on " + src->impl_->from);
    } else {
      std::string list;
      for (const auto& s : idx.statements) list += "\n  " + s;
      src->impl_->notes.push_back((opt.createIndexes ? "could not create indexes (" + err + "); " : std::string()) +
                                  "window queries are slow without them; run as the table's owner:" + list);
    }
  }
  return src;
}

// --- 6. indexes ---------------------------------------------------------------------------------------------
PgIndexes PgSource::indexes() {
  Impl& m = *impl_;
  PgIndexes out;
  const std::string geomKey = normKey(m.geomCol), startKey = normKey(m.startCol), lastKey = normKey(m.lastKey),
                    spanKey = normKey(m.spanKey);
  std::string e;
  forEachRow(*m.ds,
             "SELECT am.amname::text AS am, pg_get_indexdef(i.indexrelid, 1, true) AS key FROM pg_index i "
             "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam "
             "WHERE i.indrelid = " + pgQuoteLiteral(m.from) + "::regclass AND i.indisvalid",
             [&](OGRFeature& f) {
               const std::string am = asText(f, 0), key = normKey(asText(f, 1));
               if ((am == "gist" || am == "spgist" || am == "brin") && key == geomKey) out.geometry = true;
               if (am == "btree" && key == startKey) out.start = true;
               if (am == "btree" && key == lastKey) out.last = true;
               if (am == "btree" && !spanKey.empty() && key == spanKey) out.span = true;
             },
             e);
  if (m.lastKey == m.startCol) out.last = out.start;
  if (m.spanKey.empty()) out.span = true;
  m.spanIndexed = out.span && !m.spanKey.empty();
  // Index names: PostgreSQL cuts identifiers at 63 bytes.
  const std::string base = m.table.name.substr(0, 40) + "_chronomap_";
  if (!out.geometry)
    out.statements.push_back("CREATE INDEX IF NOT EXISTS " + pgQuoteIdent(base + "geom") + " ON " + m.from + " USING gist (" +
                             m.geomCol + ");");
  if (!out.start)
    out.statements.push_back("CREATE INDEX IF NOT EXISTS " + pgQuoteIdent(base + "start") + " ON " + m.from + " (" +
                             m.startCol + ");");
  if (!out.last)
    out.statements.push_back("CREATE INDEX IF NOT EXISTS " + pgQuoteIdent(base + "last") + " ON " + m.from + " ((" +
                             m.lastKey + "));");
  if (!out.span)
    out.statements.push_back("CREATE INDEX IF NOT EXISTS " + pgQuoteIdent(base + "span") + " ON " + m.from + " (" +
                             m.spanKey + ");");
  if (!out.statements.empty()) out.statements.push_back("ANALYZE " + m.from + ";");
  return out;
}

bool PgSource::createIndexes(std::string* error) {
  Impl& m = *impl_;
  const PgIndexes idx = indexes();
  if (idx.statements.empty()) return true;
  // Building a GiST index over millions of rows takes minutes: no statement timeout for it.
  m.run("SET statement_timeout = 0", nullptr);
  std::string e;
  bool ok = true;
  for (const std::string& s : idx.statements)
    if (!(ok = m.run(s, &e))) break;
  if (m.opt.statementTimeoutS > 0)
    m.run("SET statement_timeout = " + std::to_string(int64_t(m.opt.statementTimeoutS) * 1000), nullptr);
  indexes();  // what is there now
  if (!ok && error) {
    std::string list;
    for (const auto& s : idx.statements) list += "\n  " + s;
    *error = e + "; to run as the owner of " + m.from + ":" + list;
  }
  return ok;
}

// --- 7. window queries ----------------------------------------------------------------------------------
namespace {
BBox clampBox(const BBox& b) {
  BBox o = b;
  o.minX = std::clamp(o.minX, -180.0, 180.0);
  o.maxX = std::clamp(o.maxX, -180.0, 180.0);
  o.minY = std::clamp(o.minY, -90.0, 90.0);
  o.maxY = std::clamp(o.maxY, -90.0, 90.0);
  return o;
}

// The box as a geometry in the table's SRID: an envelope, or for another SRID the envelope's edges
// densified before reprojection (its bounding box is what && compares).
std::string envelopeSql(const PgSource::Impl& m, const BBox& b) {
  const int srid = m.table.srid;
  const std::string env = "ST_MakeEnvelope(" + num(b.minX) + ", " + num(b.minY) + ", " + num(b.maxX) + ", " + num(b.maxY) +
                          ", " + std::to_string(srid == 0 ? 0 : 4326) + ")";
  if (srid == 0 || srid == 4326) return env;
  const double seg = std::max(1e-6, std::max(b.width(), b.height()) / 16.0);
  return "ST_Transform(ST_Segmentize(" + env + ", " + num(seg) + "), " + std::to_string(srid) + ")";
}

// The point of an event in WGS84 (for the output and for cells in degrees), or in the SRID the
// cells are counted in (0 = degrees).
std::string pointWgs84(const PgSource::Impl& m) {
  if (m.table.srid == 0 || m.table.srid == 4326) return m.point;
  return "ST_Transform(" + m.point + ", 4326)";
}
std::string pointIn(const PgSource::Impl& m, int cellSrid) {
  if (cellSrid <= 0) return pointWgs84(m);
  if (cellSrid == m.table.srid) return m.point;
  const std::string p = m.table.srid == 0 ? "ST_SetSRID(" + m.point + ", 4326)" : m.point;
  return "ST_Transform(" + p + ", " + std::to_string(cellSrid) + ")";
}

std::string whereSql(const PgSource::Impl& m, const PgWindow& w, const BBox& b) {
  std::string s = m.geomCol + " && " + envelopeSql(m, b) + " AND " + firstAtMost(m.table.timeType, m.startCol, w.t1) +
                  " AND " + lastAtLeast(m.table.timeType, m.lastKey, w.t0);
  // Implied by the rest (last - first <= the longest span), written out for the start's B-tree:
  // without it the start is bounded on one side only, and a window late in time reads most rows.
  if (m.maxSpan >= 0) s += " AND " + firstAtLeast(m.table.timeType, m.startCol, w.t0 - m.maxSpan);
  return s;
}

// The longest span now (a row may have been added since the last window), from its index.
bool readMaxSpan(PgSource::Impl& m, std::string& error) {
  m.maxSpan = -1;
  if (!m.spanIndexed) return true;
  int64_t v = -1;
  bool any = false;
  const std::string expr = m.table.timeType == "date" ? "max" + m.spanKey + "::bigint * 86400 + 86399"
                                                      : "ceil(extract(epoch FROM max" + m.spanKey + "))::bigint + 1";
  if (!forEachRow(*m.ds, "SELECT " + expr + " AS s FROM " + m.from, [&](OGRFeature& f) {
        any = f.IsFieldSetAndNotNull(0);
        v = asInt(f, 0, 0);
      }, error))
    return false;
  m.maxSpan = any ? std::max<int64_t>(0, v) : 0;
  return true;
}

// Counts per cell of size `cell` (degrees, or units of cellSrid) on a grid from the CRS's origin.
std::string cellsSql(const PgSource::Impl& m, const PgWindow& w, const BBox& b, double cell, int cellSrid) {
  const std::string cat = w.perCategory ? ", cat" : "";
  // OFFSET 0 keeps the inner query apart, so that each point is reprojected once.
  return "SELECT gx, gy, count(*) AS n" + cat + " FROM (SELECT floor(ST_X(p) / " + num(cell) +
         ")::bigint AS gx, floor(ST_Y(p) / " + num(cell) + ")::bigint AS gy" + cat + " FROM (SELECT " +
         pointIn(m, cellSrid) + " AS p" + (w.perCategory ? ", " + m.categorySql + " AS cat" : "") + " FROM " + m.from +
         " WHERE " + whereSql(m, w, b) + " OFFSET 0) q) r GROUP BY gx, gy" + cat;
}

// "EPSG:3857" or "3857" -> that SRID when the server's spatial_ref_sys has it, else 0. PostGIS keeps
// a transformation per SRID; given as text, it builds one per row (about 50 ms each).
int cellSridOf(PgSource::Impl& m, const std::string& crs) {
  if (auto it = m.cellSrids.find(crs); it != m.cellSrids.end()) return it->second;
  std::string digits = crs;
  if (digits.size() > 5 && EQUALN(digits.c_str(), "EPSG:", 5)) digits = digits.substr(5);
  int srid = 0;
  if (!digits.empty() && digits.size() < 9 && std::all_of(digits.begin(), digits.end(), ::isdigit)) {
    std::string e;
    forEachRow(*m.ds, "SELECT srid FROM spatial_ref_sys WHERE auth_name = 'EPSG' AND auth_srid = " + digits,
               [&](OGRFeature& f) { srid = int(asInt(f, 0, 0)); }, e);
  }
  m.cellSrids[crs] = srid;
  return srid;
}
}  // namespace

// Seconds PostgreSQL's date and timestamp types hold on both sides (4713 BC to far beyond 5000 AD):
// a window "everything before the playhead" may be asked for with t0 = INT64_MIN.
constexpr Seconds kPgEarliest = -200000000000LL, kPgLatest = 200000000000LL;

std::string PgSource::windowSql(const PgWindow& win, bool aggregate) const {
  Impl& m = *impl_;
  PgWindow w = win;
  w.t0 = std::clamp(w.t0, kPgEarliest, kPgLatest);
  w.t1 = std::clamp(w.t1, kPgEarliest, kPgLatest);
  const BBox b = clampBox(w.bbox);
  const std::string& tt = m.table.timeType;
  if (!aggregate) {
    const std::string p = pointWgs84(m);
    return "SELECT " + m.idSql + " AS id, " + firstOf(tt, m.startCol) + " AS t_first, " + lastOf(tt, m.lastKey) +
           " AS t_last, ST_X(" + p + ") AS lon, ST_Y(" + p + ") AS lat, " + m.categorySql + " AS category, " + m.titleSql +
           " AS title, " + m.fatalitiesSql + " AS fatalities FROM " + m.from + " WHERE " + whereSql(m, w, b) + " LIMIT " +
           num(w.budget + 1);
  }
  const double c = w.cell > 0 ? w.cell : std::max(1e-9, b.width() / 128.0);
  return cellsSql(m, w, b, c, w.cellCrs.empty() ? 0 : cellSridOf(m, w.cellCrs));
}

PgWindowResult PgSource::query(const PgWindow& win) {
  Impl& m = *impl_;
  const auto t0 = std::chrono::steady_clock::now();
  PgWindowResult r;
  PgWindow w = win;
  w.t0 = std::clamp(w.t0, kPgEarliest, kPgLatest);
  w.t1 = std::clamp(w.t1, kPgEarliest, kPgLatest);
  w.budget = std::max<int64_t>(0, w.budget);
  const BBox b = clampBox(w.bbox);
  auto fail = [&](const std::string& e) {
    r.ok = false;
    r.error = e;
    r.cancelled = isCancelMessage(e);
    r.events.clear();
    r.cells.clear();
    r.ms = msSince(t0);
    return r;
  };
  if (!b.valid() || w.t1 < w.t0) {  // an empty window: nothing is in it
    r.ok = true;
    r.ms = msSince(t0);
    return r;
  }

  // Cells in a map CRS: its PROJ object (slow to make, so kept), the box's extent there.
  const bool crs = !w.cellCrs.empty();
  int cellSrid = 0;
  double spanX = b.width(), spanY = b.height();
  if (crs) {
    if (!m.cellProj || m.cellCrs != w.cellCrs) {
      std::string perr;
      m.cellProj = Projection::create(w.cellCrs, &perr);
      m.cellCrs = w.cellCrs;
      if (!m.cellProj) return fail("cell CRS " + w.cellCrs + ": " + perr);
    }
    const BBox mb = m.cellProj->forwardBox(b);
    if (!mb.valid()) return fail("cell CRS " + w.cellCrs + ": the box cannot be projected into it");
    spanX = mb.width();
    spanY = mb.height();
    cellSrid = cellSridOf(m, w.cellCrs);
  }
  // At most 1024 x 1024 cells whatever the caller asked (a tiny cell over the world).
  double cell = w.cell > 0 ? w.cell : std::max(spanX, spanY) / 128.0;
  cell = std::max({cell, spanX / 1024.0, spanY / 1024.0, 1e-9});
  w.cell = cell;
  r.cell = cell;

  // The planner's estimate first (no rows read): far over the budget goes straight to the cells.
  std::string e;
  ++r.queries;
  if (!readMaxSpan(m, e)) return fail(e);
  // The window's own queries as bitmap scans: the planner, taking place and time as independent
  // (they are not: events cluster in both), would often walk the start's B-tree testing each row's
  // box, where ANDing the GiST's and the B-tree's bitmaps reads only the rows of both (2-3 times
  // faster at 10,000,000 rows). Only for these queries: max() above needs an index scan.
  struct BitmapOnly {
    PgSource::Impl& m;
    explicit BitmapOnly(PgSource::Impl& mm) : m(mm) { m.run("SET enable_indexscan = off", nullptr); }
    ~BitmapOnly() { m.run("RESET enable_indexscan", nullptr); }
  } bitmapOnly(m);
  bool aggregate = false;
  {
    int64_t estimate = -1;
    ++r.queries;
    if (!forEachRow(*m.ds, "EXPLAIN SELECT 1 FROM " + m.from + " WHERE " + whereSql(m, w, b),
                    [&](OGRFeature& f) {
                      if (estimate >= 0) return;
                      const std::string line = asText(f, 0);
                      const size_t p = line.find("rows=");
                      estimate = p == std::string::npos ? 0 : std::strtoll(line.c_str() + p + 5, nullptr, 10);
                    },
                    e))
      return fail(e);
    aggregate = estimate > 4 * w.budget;
  }
  auto readEvents = [&]() {
    r.events.clear();
    ++r.queries;
    return forEachRow(*m.ds, windowSql(w, false), [&](OGRFeature& f) {
      PgEvent ev;
      ev.id = asText(f, 0);
      ev.first = asInt(f, 1, 0);
      ev.last = asInt(f, 2, ev.first);
      ev.lon = asDouble(f, 3);
      ev.lat = asDouble(f, 4);
      ev.category = asText(f, 5);
      ev.title = asText(f, 6);
      ev.fatalities = asInt(f, 7, -1);
      r.events.push_back(std::move(ev));
    }, e);
  };
  if (!aggregate) {
    if (!readEvents()) return fail(e);
    if (int64_t(r.events.size()) > w.budget) {
      aggregate = true;
      r.events.clear();
    } else {
      r.total = int64_t(r.events.size());
    }
  }
  if (aggregate) {
    ++r.queries;
    if (!crs || cellSrid > 0) {
      // Counted by the server in the cells' own grid.
      if (!forEachRow(*m.ds, cellsSql(m, w, b, cell, cellSrid), [&](OGRFeature& f) {
            PgCell c;
            c.x = (double(asInt(f, 0, 0)) + 0.5) * cell;
            c.y = (double(asInt(f, 1, 0)) + 0.5) * cell;
            c.count = asInt(f, 2, 0);
            if (w.perCategory) c.category = asText(f, 3);
            if (!crs) {
              c.lon = c.x;
              c.lat = c.y;
            } else if (!m.cellProj->inverse(c.x, c.y, c.lon, c.lat)) {
              c.lon = c.lat = 0;
            }
            r.total += c.count;
            r.cells.push_back(std::move(c));
          }, e))
        return fail(e);
    } else {
      // A CRS the server has no SRID for (a PROJ string, WKT: the map's own equal-area projection):
      // the server counts in degree cells a quarter of a map cell or finer, and each of those goes to
      // the map cell its centre falls in. Totals are exact; a map cell's count is exact to within the
      // events of the fine cells straddling its edges.
      const double cx = (b.minX + b.maxX) / 2, cy = (b.minY + b.maxY) / 2;
      double x0 = 0, y0 = 0, x1 = 0, y1 = 0, x2 = 0, y2 = 0;
      const double d = std::max(1e-6, std::min(b.width(), b.height()) / 100.0);
      double fine = cell / 4;
      if (m.cellProj->forward(cx, cy, x0, y0) && m.cellProj->forward(cx + d, cy, x1, y1) &&
          m.cellProj->forward(cx, std::min(90.0, cy + d), x2, y2)) {
        const double perDegree = std::max(std::hypot(x1 - x0, y1 - y0), std::hypot(x2 - x0, y2 - y0)) / d;
        if (perDegree > 0) fine = cell / perDegree / 4;
      }
      fine = std::max({fine, b.width() / 2048.0, b.height() / 2048.0, 1e-9});
      std::map<std::tuple<int64_t, int64_t, std::string>, int64_t> bins;
      if (!forEachRow(*m.ds, cellsSql(m, w, b, fine, 0), [&](OGRFeature& f) {
            const double lon = (double(asInt(f, 0, 0)) + 0.5) * fine, lat = (double(asInt(f, 1, 0)) + 0.5) * fine;
            const int64_t n = asInt(f, 2, 0);
            r.total += n;
            double x, y;
            if (!m.cellProj->forward(lon, lat, x, y)) return;
            bins[{int64_t(std::floor(x / cell)), int64_t(std::floor(y / cell)), w.perCategory ? asText(f, 3) : ""}] += n;
          }, e))
        return fail(e);
      for (const auto& [k, n] : bins) {
        PgCell c;
        c.x = (double(std::get<0>(k)) + 0.5) * cell;
        c.y = (double(std::get<1>(k)) + 0.5) * cell;
        c.category = std::get<2>(k);
        c.count = n;
        if (!m.cellProj->inverse(c.x, c.y, c.lon, c.lat)) c.lon = c.lat = 0;
        r.cells.push_back(std::move(c));
      }
    }
    r.aggregated = true;
    // The estimate was too high: the events fit after all.
    if (r.total <= w.budget) {
      r.cells.clear();
      r.aggregated = false;
      if (!readEvents()) return fail(e);
      r.total = int64_t(r.events.size());
    }
  }
  r.ok = true;
  r.ms = msSince(t0);
  return r;
}

// --- 8. histogram, time range, tools ---------------------------------------------------------------------
bool PgSource::timeRange(Seconds& first, Seconds& last, std::string* error) {
  Impl& m = *impl_;
  const std::string& tt = m.table.timeType;
  bool any = false;
  std::string e;
  // min() of the start and max() of coalesce(end, start) are read from their B-trees.
  const bool ok = forEachRow(*m.ds,
                             "SELECT " + firstOf(tt, "min(" + m.startCol + ")") + " AS t_first, " +
                                 lastOf(tt, "max(" + m.lastKey + ")") + " AS t_last FROM " + m.from,
                             [&](OGRFeature& f) {
                               if (!f.IsFieldSetAndNotNull(0)) return;
                               first = asInt(f, 0, 0);
                               last = asInt(f, 1, first);
                               any = true;
                             },
                             e);
  if (!ok && error) *error = e;
  return ok && any;
}

PgHistogram PgSource::histogram(Seconds t0, Seconds t1, Seconds bin, const BBox* bbox) {
  Impl& m = *impl_;
  const auto start = std::chrono::steady_clock::now();
  PgHistogram h;
  if (bin <= 0) {
    h.error = "histogram: bin must be positive seconds";
    return h;
  }
  if (t0 > t1 && !timeRange(t0, t1, &h.error)) {
    h.ok = h.error.empty();  // an empty table: no bins
    h.ms = msSince(start);
    return h;
  }
  const int64_t bins = (t1 - t0) / bin + 1;
  if (bins > 1000000) {
    h.error = "histogram: more than 1,000,000 bins";
    return h;
  }
  h.t0 = t0;
  h.bin = bin;
  h.counts.assign(size_t(bins), 0);
  const std::string& tt = m.table.timeType;
  std::string sql = "SELECT (" + firstOf(tt, m.startCol) + " - " + num(t0) + ") / " + num(bin) + " AS b, count(*) AS n FROM " +
                    m.from + " WHERE " + firstAtLeast(tt, m.startCol, t0) + " AND " + firstAtMost(tt, m.startCol, t1);
  if (bbox) sql += " AND " + m.geomCol + " && " + envelopeSql(m, clampBox(*bbox));
  sql += " GROUP BY b";
  std::string e;
  h.ok = forEachRow(*m.ds, sql, [&](OGRFeature& f) {
    const int64_t i = asInt(f, 0, -1);
    if (i >= 0 && i < bins) h.counts[size_t(i)] += asInt(f, 1, 0);
  }, e);
  if (!h.ok) {
    h.error = e;
    h.counts.clear();
  }
  h.ms = msSince(start);
  return h;
}

bool PgSource::cancelBackend(int64_t pid, std::string* error) {
  bool delivered = false;
  std::string e;
  const bool ok = forEachRow(*impl_->ds, "SELECT pg_cancel_backend(" + num(pid) + ") AS delivered",
                             [&](OGRFeature& f) { delivered = asInt(f, 0, 0) != 0 || asText(f, 0) == "t"; }, e);
  if (!ok && error) *error = e;
  return ok && delivered;
}

bool PgSource::execute(const std::string& sql, std::string* error) { return impl_->run(sql, error); }

bool PgSource::rows(const std::string& sql, std::vector<std::vector<std::string>>& out, std::string* error) {
  out.clear();
  std::string e;
  const bool ok = forEachRow(*impl_->ds, sql, [&](OGRFeature& f) {
    std::vector<std::string> row;
    for (int i = 0; i < f.GetFieldCount(); ++i) row.push_back(asText(f, i));
    out.push_back(std::move(row));
  }, e);
  if (!ok && error) *error = e;
  return ok;
}

}  // namespace geo
