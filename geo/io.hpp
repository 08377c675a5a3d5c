// Reading and writing files through GDAL, behind a GDAL-free interface.
#pragma once
#include <atomic>
#include <cstdint>
#include <utility>
#include <string>
#include <vector>

#include "geo/event_store.hpp"
#include "geo/map_layer.hpp"
#include "geo/projection.hpp"

namespace geo {

// GDALAllRegister() and a quiet default error handler; call once at start.
void initGdal();

// --- Sources: network and safety checks (geo/io/source_guard.cpp) ----------------------------------
// Chronomap reaches no network unless asked: initGdal refuses every HTTP request GDAL would make and
// GDAL's curl file systems (/vsicurl/, /vsis3/...) see no remote file, except for the remote sources
// the user named (allowNamedSource: the command line's sources, File > Open) or with
// setNetworkAllowed(true) (--allow-network, or CHRONOMAP_ALLOW_NETWORK=1).
void installNetworkPolicy();
void setNetworkAllowed(bool on);
bool networkAllowed();
// http(s)://, ftp://, /vsicurl/ and the other network file systems, PG:, WFS:, WMS: ...
bool isRemoteSource(const std::string& source);
void allowNamedSource(const std::string& source);
// Before opening a source: false with *why ("PATH: cannot open (...)") for a remote source not
// named by the user, a local file that is missing, unreadable, not a regular file (FIFO, device) or
// a VRT that names remote sources, an archive that expands past 1 GiB (zip bomb). *note: a
// message to show while the source still loads (a KML NetworkLink not fetched).
bool checkSource(const std::string& path, std::string* why, std::string* note);
// A local regular file (not a directory, FIFO or device); false with the reason ("No such file or
// directory", "not a regular file: a directory, pipe or device").
bool isRegularFile(const std::string& path, std::string* why);

// How to read an event source. Empty fields mean "detect from the columns and values".
struct LoadOptions {
  std::string schema;  // --schema: acled, ucdp-ged, timelinejs, kml, generic ("" = detect)
  std::vector<std::pair<std::string, std::string>> fields;  // --field KEY=COLUMN, in order given
  std::string dateFormat;  // --date-format: dmy, mdy, ymd or a strftime pattern ("" = detect)
};

// Progress of a load, shared with the UI thread: rows done of an estimated total; cancel asks the
// loader to stop early (it then returns what it read so far).
struct LoadProgress {
  std::atomic<int64_t> done{0};
  std::atomic<int64_t> total{0};
  std::atomic<bool> cancel{false};
};

// Reads events from any GDAL vector source (GeoJSON, GeoPackage, CSV, KML/KMZ, Shapefile, FlatGeobuf,
// a PG: connection string) and from TimelineJS JSON. The layout is recognised from the columns
// (Chronomap's own format of assets/events/README.md, ACLED, UCDP GED, TimelineJS, KML, GDELT 1.0,
// generic) unless options say otherwise; out.schema names it and out.notes say what was assumed
// (date layouts, two-digit years). Implemented in geo/io/event_loader.cpp.
// Returns false with *openError (file and GDAL's reason) when the source cannot be opened at all; an
// empty file opens with no events and a problem. Bad rows are skipped and reported in out.problems
// (row = 1-based row as the user counts it: for CSV the file's line, header = line 1); the rest load.
// Events are sorted by time. With progress, done/total count rows and cancel stops the load early.
bool loadEvents(const std::string& path, Dataset& out, std::string* openError);
bool loadEvents(const std::string& path, const LoadOptions& options, Dataset& out, std::string* openError,
                LoadProgress* progress = nullptr);

// Fills Event::x/y from lon/lat in the map CRS.
void projectEvents(Dataset& ds, const Projection& proj);

// Reads every vector layer of a source (or the listed ones, in that order), reprojected into the map
// CRS. Returns false with *openError when the source cannot be opened.
bool loadMapLayers(const std::string& path, const Projection& proj, const std::vector<std::string>& only,
                   std::vector<MapLayer>& out, std::vector<Problem>& problems, std::string* openError);

// WGS84 box of all the features of a source's layers (e.g. the basemap's extent).
bool sourceExtent(const std::string& path, BBox& wgs84);

// Writes RGBA pixels (top row first) as a PNG, atomically (temporary file, then rename).
bool writePng(const std::string& path, int width, int height, const uint8_t* rgba, std::string* error);
// Reads a PNG into RGBA (tests).
bool readPng(const std::string& path, int& width, int& height, std::vector<uint8_t>& rgba);

// UTF-16 text (Excel's "Unicode Text", some exports): the encoding of a local file from its byte
// order mark, or without one from its first 4 KiB (NUL in every other byte, as Latin text in UTF-16
// has): "UTF-16LE" / "UTF-16BE", or "" for anything else.
std::string utf16Encoding(const std::string& path);
// Converts such a file to UTF-8 (byte order mark dropped; an unpaired surrogate becomes U+FFFD and is
// counted in *replaced) into outPath, streaming. False with *error naming the file when it cannot be
// read or written.
bool convertUtf16ToUtf8(const std::string& path, const std::string& encoding, const std::string& outPath,
                        size_t* replaced, std::string* error);

// Writes text atomically: a temporary file beside the target, fsync, rename.
bool writeFileAtomic(const std::string& path, const std::string& content, std::string* error);

}  // namespace geo
