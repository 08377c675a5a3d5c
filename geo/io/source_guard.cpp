// What is checked before GDAL opens a source (issue 12): no network unless the user asked for it,
// no file that is not a file (a FIFO would block the load for ever, /dev/zero would fill memory),
// no zip bomb. See geo/io.hpp, "Sources: network and safety checks".
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <set>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_http.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include "geo/io.hpp"

namespace geo {

namespace {
std::atomic<bool> gNetworkAllowed{false};
std::mutex gNamedMutex;
std::set<std::string> gNamedHosts;  // scheme://host of the remote sources the user named
bool gCurlOpened = false;           // a /vsicurl/-style source was named: the curl file systems are open

// A value no real file name equals: GDAL's curl file systems (/vsicurl/, /vsis3/, ...) then treat
// every remote file as missing without making a request (cpl_vsil_curl.cpp, IsAllowedFilename).
constexpr const char* kNoRemoteFile = "/chronomap/network-disabled-unless-asked";

bool startsWithNoCase(const std::string& s, const char* prefix) {
  const size_t n = std::strlen(prefix);
  return s.size() >= n && EQUALN(s.c_str(), prefix, int(n));
}

const char* const kCurlPrefixes[] = {"/vsicurl/", "/vsicurl_streaming/", "/vsis3/", "/vsis3_streaming/", "/vsigs/",
                                     "/vsigs_streaming/", "/vsiaz/", "/vsiaz_streaming/", "/vsiadls/", "/vsioss/",
                                     "/vsioss_streaming/", "/vsiswift/", "/vsiswift_streaming/", "/vsiwebhdfs/",
                                     "/vsihdfs/"};
const char* const kUrlSchemes[] = {"http://", "https://", "ftp://", "ftps://"};
// GDAL connection strings that reach a server.
const char* const kConnPrefixes[] = {"PG:", "MYSQL:", "MSSQL:", "OCI:", "WFS:", "WMS:", "OAPIF:", "WCS:", "MongoDBv3:",
                                     "ODBC:", "CouchDB:", "Elasticsearch:", "ES:", "EEDA:", "PLScenes:", "NGW:",
                                     "CARTO:", "AmigoCloud:", "GNMFile:", "DODS:", "GTFS:"};

// "scheme://host" of a URL (inside a /vsicurl/ name too); empty when there is none.
std::string hostOf(std::string s) {
  for (const char* p : kCurlPrefixes)
    if (startsWithNoCase(s, p)) s = s.substr(std::strlen(p));
  const size_t scheme = s.find("://");
  if (scheme == std::string::npos) return {};
  const size_t end = s.find_first_of("/?#", scheme + 3);
  std::string h = s.substr(0, end);
  std::transform(h.begin(), h.end(), h.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return h;
}

CPLHTTPResult* refuse(const char* url) {
  auto* r = static_cast<CPLHTTPResult*>(CPLCalloc(1, sizeof(CPLHTTPResult)));
  r->nStatus = 1;
  r->pszErrBuf = CPLStrdup((std::string("network access is off: ") + (url ? url : "") +
                            " was not fetched (Chronomap reaches the network only for sources named on the "
                            "command line or in File > Open, or with --allow-network)")
                               .c_str());
  return r;
}

// Every CPLHTTPFetch of GDAL (WMS, WFS, a GeoJSON URL, OAPIF...) comes here first. Returning null
// lets GDAL's own code make the request.
CPLHTTPResult* fetchGate(const char* url, CSLConstList, GDALProgressFunc, void*, CPLHTTPFetchWriteFunc, void*, void*) {
  if (gNetworkAllowed) return nullptr;
  const std::string h = hostOf(url ? url : "");
  {
    std::lock_guard<std::mutex> lock(gNamedMutex);
    if (!h.empty() && gNamedHosts.count(h)) return nullptr;
  }
  return refuse(url);
}

// The start of a local text file (VRTs and KMLs name their sources near the top; 4 MB is plenty).
std::string head(const std::string& path, size_t limit) {
  std::string out;
  VSILFILE* fp = VSIFOpenL(path.c_str(), "rb");
  if (!fp) return out;
  out.resize(limit);
  out.resize(VSIFReadL(&out[0], 1, limit, fp));
  VSIFCloseL(fp);
  return out;
}

bool endsWithNoCase(const std::string& s, const char* suffix) {
  const size_t n = std::strlen(suffix);
  return s.size() >= n && EQUAL(s.c_str() + s.size() - n, suffix);
}
}  // namespace

void installNetworkPolicy() {
  if (const char* env = std::getenv("CHRONOMAP_ALLOW_NETWORK"))
    if (*env && std::strcmp(env, "0") != 0) gNetworkAllowed = true;
  CPLHTTPSetFetchCallback(fetchGate, nullptr);
  // Nothing that only lists a folder goes out either (a sidecar probe per file otherwise).
  CPLSetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR");
  if (!gNetworkAllowed) CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_FILENAME", kNoRemoteFile);
}

void setNetworkAllowed(bool on) {
  initGdal();
  gNetworkAllowed = on;
  CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_FILENAME", on || gCurlOpened ? nullptr : kNoRemoteFile);
}

bool networkAllowed() { return gNetworkAllowed; }

bool isRemoteSource(const std::string& s) {
  for (const char* p : kCurlPrefixes)
    if (startsWithNoCase(s, p)) return true;
  for (const char* p : kUrlSchemes)
    if (startsWithNoCase(s, p)) return true;
  for (const char* p : kConnPrefixes)
    if (startsWithNoCase(s, p)) return true;
  // GDAL's archive and other file systems over a remote one: /vsizip//vsicurl/http://...
  return s.find("/vsicurl") != std::string::npos || s.find("://") != std::string::npos;
}

void allowNamedSource(const std::string& s) {
  if (!isRemoteSource(s)) return;
  initGdal();
  const std::string h = hostOf(s);
  std::lock_guard<std::mutex> lock(gNamedMutex);
  if (!h.empty()) gNamedHosts.insert(h);
  // GDAL's curl file systems have one switch for all names: opened for the session once the user
  // names one such source (its sidecars and the parts of an archive are fetched from the same place).
  if (s.find("/vsi") != std::string::npos || !h.empty()) {
    gCurlOpened = true;
    CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_FILENAME", nullptr);
  }
  gNamedHosts.insert("named:" + s);
}

bool checkSource(const std::string& path, std::string* why, std::string* note) {
  initGdal();
  if (isRemoteSource(path)) {
    std::lock_guard<std::mutex> lock(gNamedMutex);
    if (gNetworkAllowed || gNamedHosts.count("named:" + path)) return true;
    if (why)
      *why = path + ": a remote source, not opened: Chronomap reaches the network only for sources named on the "
                    "command line or in File > Open (or with --allow-network)";
    return false;
  }
  // A plain local path (not /vsimem/, /vsizip/... nor a driver prefix such as "GPKG:file:layer").
  const bool plain = path.rfind("/vsi", 0) != 0 && !(path.size() > 2 && path.find(':') != std::string::npos &&
                                                      path.find(':') > 1 && path.find('/') > path.find(':'));
  if (plain) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
      if (why) *why = path + ": cannot open (" + std::strerror(errno) + ")";
      return false;
    }
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
      if (why) *why = path + ": cannot open (not a regular file: a pipe, socket or device)";
      return false;
    }
    if (S_ISREG(st.st_mode) && ::access(path.c_str(), R_OK) != 0) {
      if (why) *why = path + ": cannot open (" + std::strerror(errno) + ")";
      return false;
    }
  }
  // Archives: refuse one whose members expand beyond what a source can sensibly hold (a zip bomb
  // expands a few kilobytes into gigabytes).
  if (endsWithNoCase(path, ".kmz") || endsWithNoCase(path, ".zip")) {
    const std::string zip = "/vsizip/" + path;
    char** entries = VSIReadDirRecursive(zip.c_str());
    VSIStatBufL zst;
    const bool zstat = VSIStatL(path.c_str(), &zst) == 0;
    GUIntBig total = 0;
    for (char** p = entries; p && *p; ++p) {
      VSIStatBufL st;
      if (VSIStatL((zip + "/" + *p).c_str(), &st) == 0 && VSI_ISREG(st.st_mode)) total += GUIntBig(st.st_size);
    }
    CSLDestroy(entries);
    const GUIntBig limit = GUIntBig(1) << 30;  // 1 GiB expanded
    if (total > limit || (zstat && zst.st_size > 0 && total > GUIntBig(256) << 20 && total / GUIntBig(zst.st_size) > 200)) {
      if (why)
        *why = path + ": cannot open (the archive expands to " + std::to_string(total >> 20) + " MB from " +
               std::to_string(zstat ? zst.st_size >> 10 : 0) + " KB: refused as a likely zip bomb)";
      return false;
    }
  }
  // Local files that name remote sources: a VRT is refused (opening it would fetch them); a KML's
  // NetworkLinks are left unfetched, with a note.
  const bool vrt = endsWithNoCase(path, ".vrt");
  const bool kml = endsWithNoCase(path, ".kml");
  if ((vrt || kml) && !gNetworkAllowed) {
    const std::string text = head(path, size_t(4) << 20);
    size_t at = std::string::npos;
    for (const char* p : {"http://", "https://", "ftp://", "/vsicurl", "/vsis3/", "/vsigs/", "/vsiaz/", "PG:", "WFS:",
                          "WMS:", "MYSQL:", "OAPIF:"}) {
      size_t pos = text.find(p);
      if (vrt && pos != std::string::npos) {
        // In a VRT only what is inside an element names a source (not the xmlns of a root).
        const size_t lt = text.rfind('<', pos), gt = text.rfind('>', pos);
        if (lt != std::string::npos && (gt == std::string::npos || gt < lt)) pos = std::string::npos;
      }
      at = std::min(at, pos);
    }
    if (kml) {
      const size_t link = text.find("<NetworkLink");
      at = std::string::npos;
      if (link != std::string::npos) {
        const size_t href = text.find("<href>", link);
        if (href != std::string::npos) at = href + 6;
      }
    }
    if (at != std::string::npos) {
      const size_t end = text.find_first_of("<\"' \n\r\t", at);
      const std::string ref = text.substr(at, std::min<size_t>(end == std::string::npos ? 200 : end - at, 200));
      if (vrt) {
        if (why)
          *why = path + ": cannot open (it refers to the remote source " + ref +
                 ", not fetched: Chronomap reaches the network only when asked, --allow-network)";
        return false;
      }
      if (note) *note = "NetworkLink to " + ref + " not fetched (no network unless asked: --allow-network)";
    }
  }
  return true;
}

bool isRegularFile(const std::string& path, std::string* why) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (why) *why = std::strerror(errno);
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    if (why) *why = "not a regular file: a directory, pipe or device";
    return false;
  }
  return true;
}

}  // namespace geo
