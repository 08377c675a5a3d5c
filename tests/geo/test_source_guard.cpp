// Issue 12: what is checked before GDAL opens a source (geo/io/source_guard.cpp): no network unless
// asked, no FIFO, no zip bomb, VRTs that name remote sources refused, KML NetworkLinks noted.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "app/cli.hpp"
#include "geo/io.hpp"

using namespace geo;

namespace {
std::string outDir() {
  const std::string d = std::string(CHRONOMAP_TEST_OUT) + "/source_guard";
  ::mkdir(d.c_str(), 0755);
  return d;
}
void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}
}  // namespace

TEST_CASE("Remote sources are recognised: URLs, network file systems, server connections", "[files][network]") {
  CHECK(isRemoteSource("http://example.org/a.geojson"));
  CHECK(isRemoteSource("HTTPS://example.org/a.geojson"));
  CHECK(isRemoteSource("/vsicurl/https://example.org/a.tif"));
  CHECK(isRemoteSource("/vsizip//vsicurl/https://example.org/a.zip"));
  CHECK(isRemoteSource("/vsis3/bucket/key.gpkg"));
  CHECK(isRemoteSource("PG:host=db dbname=x"));
  CHECK(isRemoteSource("WFS:https://example.org/wfs"));
  CHECK_FALSE(isRemoteSource("/home/user/events.csv"));
  CHECK_FALSE(isRemoteSource("events.csv"));
  CHECK_FALSE(isRemoteSource("/vsimem/x.csv"));
  CHECK_FALSE(isRemoteSource("/vsizip/local.kmz/doc.kml"));
}

TEST_CASE("A remote source not named by the user is refused - --allow-network lifts it", "[files][network]") {
  std::string why;
  REQUIRE_FALSE(networkAllowed());
  CHECK_FALSE(checkSource("https://unnamed.example.invalid/x.geojson", &why, nullptr));
  CHECK(why.find("a remote source, not opened") != std::string::npos);
  CHECK(why.find("--allow-network") != std::string::npos);
  allowNamedSource("https://named.example.invalid/x.geojson");
  CHECK(checkSource("https://named.example.invalid/x.geojson", &why, nullptr));
  setNetworkAllowed(true);
  CHECK(checkSource("https://unnamed.example.invalid/x.geojson", &why, nullptr));
  setNetworkAllowed(false);
  CHECK_FALSE(checkSource("https://unnamed.example.invalid/x.geojson", &why, nullptr));
  app::Options o;
  std::string err;
  const char* argv[] = {"chronomap", "--allow-network"};
  REQUIRE(app::parseArgs(2, const_cast<char**>(argv), o, err) == 0);
  CHECK(o.allowNetwork);
}

TEST_CASE("A VRT naming a remote source is refused, a KML NetworkLink is noted, a FIFO is not opened", "[files][network]") {
  const std::string d = outDir();
  std::string why, note;
  write(d + "/remote.vrt",
        "<OGRVRTDataSource><OGRVRTLayer name=\"x\"><SrcDataSource>/vsicurl/http://example.invalid/a.geojson"
        "</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>\n");
  CHECK_FALSE(checkSource(d + "/remote.vrt", &why, &note));
  CHECK(why.find("remote.vrt: cannot open (it refers to the remote source /vsicurl/http://example.invalid/a.geojson") != std::string::npos);
  write(d + "/local.vrt", "<OGRVRTDataSource xmlns:x=\"http://example.invalid/ns\"><OGRVRTLayer name=\"x\"><SrcDataSource>a.csv"
                         "</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>\n");
  CHECK(checkSource(d + "/local.vrt", &why, &note));  // a namespace URL in a tag names no source
  write(d + "/link.kml", "<kml><Document><NetworkLink><Link><href>http://example.invalid/more.kml</href></Link></NetworkLink></Document></kml>");
  note.clear();
  CHECK(checkSource(d + "/link.kml", &why, &note));
  CHECK(note == "NetworkLink to http://example.invalid/more.kml not fetched (no network unless asked: --allow-network)");
  const std::string fifo = d + "/pipe.csv";
  ::unlink(fifo.c_str());
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  CHECK_FALSE(checkSource(fifo, &why, nullptr));
  CHECK(why.find("not a regular file") != std::string::npos);
  CHECK_FALSE(isRegularFile(fifo, &why));
  CHECK_FALSE(checkSource(d + "/missing.csv", &why, nullptr));
  CHECK(why.find("No such file") != std::string::npos);
}
