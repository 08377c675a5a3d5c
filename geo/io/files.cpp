// Files written for the user (state, PNG) are written atomically: a temporary file beside the target,
// flushed to disk, then renamed over it, so a crash never leaves half a file.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <gdal_priv.h>

#include "geo/io.hpp"
#include "geo/io/gdal_util.hpp"

namespace geo {

namespace {
std::string tempNameFor(const std::string& path) { return path + ".tmp-" + std::to_string(::getpid()); }

std::string folderOfPath(const std::string& path) {
  const size_t k = path.find_last_of('/');
  if (k == std::string::npos) return ".";
  return k == 0 ? "/" : path.substr(0, k);
}

// What the user reads when a save fails: the reason in words, with what to do for the usual ones.
std::string reasonOf(int e) {
  std::string r = std::strerror(e);
  if (e == ENOSPC || e == EDQUOT) r += ": the disk is full; free some space or save elsewhere";
  else if (e == EROFS) r += ": the folder is on a read-only disk; save elsewhere";
  else if (e == EACCES || e == EPERM) r += ": the folder is not writable; save elsewhere";
  return r;
}

// Temporary files of FILE left by processes that were killed while saving it (FILE.tmp-PID, PID no
// longer running) are removed after the next successful save, so they do not pile up beside it.
void removeStaleTemps(const std::string& path) {
  const std::string dir = folderOfPath(path);
  const size_t slash = path.find_last_of('/');
  const std::string prefix = (slash == std::string::npos ? path : path.substr(slash + 1)) + ".tmp-";
  DIR* d = ::opendir(dir.c_str());
  if (!d) return;
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string digits = name.substr(prefix.size());
    if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9) continue;
    const pid_t pid = pid_t(std::stol(digits));
    if (pid == ::getpid() || pid <= 0) continue;
    if (::kill(pid, 0) != 0 && errno == ESRCH) std::remove((dir + "/" + name).c_str());
  }
  ::closedir(d);
}

// The temporary file is flushed to disk before the rename, and the folder after it, so that neither
// a crash nor a power cut leaves FILE half written: it is the old version or the new one.
bool commitTemp(const std::string& tmp, const std::string& path, std::string* error) {
  int fd = ::open(tmp.c_str(), O_RDONLY);
  if (fd >= 0) {
    const int rc = ::fsync(fd);
    const int e = errno;
    ::close(fd);
    if (rc != 0 && e != EINVAL) {  // EINVAL: a file system without fsync (fine)
      if (error) *error = path + ": the disk did not take the data (" + reasonOf(e) + "); the file on disk is unchanged";
      std::remove(tmp.c_str());
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    if (error) *error = path + ": cannot replace (" + reasonOf(errno) + "); the file on disk is unchanged";
    std::remove(tmp.c_str());
    return false;
  }
  const int dfd = ::open(folderOfPath(path).c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  removeStaleTemps(path);
  return true;
}
}  // namespace

bool writeFileAtomic(const std::string& path, const std::string& content, std::string* error) {
  const std::string tmp = tempNameFor(path);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (error) *error = path + ": cannot write (" + reasonOf(errno) + "); the file on disk is unchanged";
    return false;
  }
  // write() may take part of the buffer: loop until all is written or it fails (ENOSPC, EIO).
  size_t off = 0;
  int e = 0;
  while (off < content.size()) {
    const ssize_t n = ::write(fd, content.data() + off, content.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      e = errno;
      break;
    }
    off += size_t(n);
  }
  if (e == 0 && ::fsync(fd) != 0 && errno != EINVAL) e = errno;
  if (::close(fd) != 0 && e == 0 && errno != EINTR) e = errno;
  if (e != 0) {
    if (error) *error = path + ": writing failed (" + reasonOf(e) + "); the file on disk is unchanged";
    std::remove(tmp.c_str());
    return false;
  }
  return commitTemp(tmp, path, error);
}

bool writePng(const std::string& path, int width, int height, const uint8_t* rgba, std::string* error) {
  initGdal();
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
  if (!mem || !png) {
    if (error) *error = "GDAL lacks the MEM or PNG driver";
    return false;
  }
  GDALDatasetUniquePtr img(mem->Create("", width, height, 4, GDT_Byte, nullptr));
  if (!img) return false;
  // Pixel-interleaved RGBA, top row first: band b starts at byte b, pixels 4 bytes apart.
  CPLErr e = img->RasterIO(GF_Write, 0, 0, width, height, const_cast<uint8_t*>(rgba), width, height, GDT_Byte, 4,
                           nullptr, 4, GSpacing(4) * width, 1);
  if (e != CE_None) {
    if (error) *error = "cannot fill the image";
    return false;
  }
  const std::string tmp = tempNameFor(path);
  {
    const char* opts[] = {"ZLEVEL=3", nullptr};
    GDALDatasetUniquePtr out(png->CreateCopy(tmp.c_str(), img.get(), FALSE, const_cast<char**>(opts), nullptr, nullptr));
    if (!out) {
      if (error) *error = path + ": cannot write PNG (" + CPLGetLastErrorMsg() + ")";
      return false;
    }
  }
  std::remove((tmp + ".aux.xml").c_str());
  return commitTemp(tmp, path, error);
}

bool readPng(const std::string& path, int& width, int& height, std::vector<uint8_t>& rgba) {
  initGdal();
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER));
  if (!ds) return false;
  width = ds->GetRasterXSize();
  height = ds->GetRasterYSize();
  const int bands = ds->GetRasterCount();
  rgba.assign(size_t(width) * height * 4, 255);
  int map[4] = {1, 2, 3, 4};
  const int n = bands >= 4 ? 4 : bands >= 3 ? 3 : 1;
  if (n == 1) {
    std::vector<uint8_t> g(size_t(width) * height);
    if (ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, width, height, g.data(), width, height, GDT_Byte, 0, 0) != CE_None)
      return false;
    for (size_t i = 0; i < g.size(); ++i) rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = g[i];
    return true;
  }
  return ds->RasterIO(GF_Read, 0, 0, width, height, rgba.data(), width, height, GDT_Byte, n, map, 4,
                      GSpacing(4) * width, 1) == CE_None;
}

// --- UTF-16 text ----------------------------------------------------------------------------------
std::string utf16Encoding(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return "";
  unsigned char b[4096];
  const size_t n = std::fread(b, 1, sizeof b, f);
  std::fclose(f);
  if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE) return "UTF-16LE";
  if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF) return "UTF-16BE";
  if (n < 8) return "";
  size_t evenZero = 0, oddZero = 0;
  for (size_t i = 0; i + 1 < n; i += 2) {
    evenZero += b[i] == 0;
    oddZero += b[i + 1] == 0;
  }
  const size_t pairs = n / 2;
  if (oddZero * 10 >= pairs * 7 && evenZero * 10 < pairs) return "UTF-16LE";
  if (evenZero * 10 >= pairs * 7 && oddZero * 10 < pairs) return "UTF-16BE";
  return "";
}

bool convertUtf16ToUtf8(const std::string& path, const std::string& encoding, const std::string& outPath,
                        size_t* replaced, std::string* error) {
  const bool be = encoding == "UTF-16BE";
  FILE* in = std::fopen(path.c_str(), "rb");
  if (!in) {
    if (error) *error = path + ": cannot open (" + std::strerror(errno) + ")";
    return false;
  }
  FILE* out = std::fopen(outPath.c_str(), "wb");
  if (!out) {
    if (error) *error = outPath + ": cannot write the UTF-8 copy of " + path + " (" + std::strerror(errno) + ")";
    std::fclose(in);
    return false;
  }
  size_t bad = 0;
  std::string u8;
  auto put = [&](uint32_t c) {
    if (c < 0x80) {
      u8 += char(c);
    } else if (c < 0x800) {
      u8 += char(0xC0 | (c >> 6));
      u8 += char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      u8 += char(0xE0 | (c >> 12));
      u8 += char(0x80 | ((c >> 6) & 0x3F));
      u8 += char(0x80 | (c & 0x3F));
    } else {
      u8 += char(0xF0 | (c >> 18));
      u8 += char(0x80 | ((c >> 12) & 0x3F));
      u8 += char(0x80 | ((c >> 6) & 0x3F));
      u8 += char(0x80 | (c & 0x3F));
    }
  };
  std::vector<unsigned char> buf(1 << 20);
  size_t carry = 0;       // a byte of an odd-sized chunk, kept for the next
  uint32_t high = 0;      // a high surrogate waiting for its low half
  bool first = true, ok = true;
  for (;;) {
    const size_t got = std::fread(buf.data() + carry, 1, buf.size() - carry, in);
    const size_t n = carry + got;
    if (n == 0 || (got == 0 && n < 2)) break;
    const size_t whole = n & ~size_t(1);
    u8.clear();
    for (size_t i = 0; i < whole; i += 2) {
      const uint32_t u = be ? (uint32_t(buf[i]) << 8 | buf[i + 1]) : (uint32_t(buf[i + 1]) << 8 | buf[i]);
      if (first) {
        first = false;
        if (u == 0xFEFF) continue;  // the byte order mark
      }
      if (high) {
        if (u >= 0xDC00 && u <= 0xDFFF) {
          put(0x10000 + ((high - 0xD800) << 10) + (u - 0xDC00));
          high = 0;
          continue;
        }
        put(0xFFFD);
        ++bad;
        high = 0;
      }
      if (u >= 0xD800 && u <= 0xDBFF) high = u;
      else if (u >= 0xDC00 && u <= 0xDFFF) {
        put(0xFFFD);
        ++bad;
      } else {
        put(u);
      }
    }
    carry = n - whole;
    if (carry) buf[0] = buf[whole];
    if (!u8.empty() && std::fwrite(u8.data(), 1, u8.size(), out) != u8.size()) {
      ok = false;
      if (error) *error = outPath + ": cannot write the UTF-8 copy of " + path + " (" + std::strerror(errno) + ")";
      break;
    }
    if (got == 0) break;
  }
  if (ok && (high || carry)) {  // a file cut inside a character
    const std::string r = "\xEF\xBF\xBD";
    ++bad;
    ok = std::fwrite(r.data(), 1, r.size(), out) == r.size();
  }
  if (ok && std::ferror(in)) {
    ok = false;
    if (error) *error = path + ": read error (" + std::strerror(errno) + ")";
  }
  std::fclose(in);
  if (std::fclose(out) != 0 && ok) {
    ok = false;
    if (error) *error = outPath + ": cannot write the UTF-8 copy of " + path + " (" + std::strerror(errno) + ")";
  }
  if (replaced) *replaced = bad;
  return ok;
}

namespace gdalutil {
bool readWholeFile(const std::string& path, std::string& text, size_t limit, std::string* why) {
  auto fail = [&](const char* reason) {
    if (why) *why = reason;
    return false;
  };
  VSIStatBufL st;
  if (VSIStatL(path.c_str(), &st) != 0) return fail("cannot open it");
  if (!VSI_ISREG(st.st_mode)) return fail("not a regular file (a folder, pipe or device)");
  VSILFILE* fp = VSIFOpenL(path.c_str(), "rb");
  if (!fp) return fail("cannot open it");
  text.clear();
  char buf[65536];
  size_t n;
  while ((n = VSIFReadL(buf, 1, sizeof buf, fp)) > 0) {
    text.append(buf, n);
    if (text.size() > limit) {
      VSIFCloseL(fp);
      if (why) *why = limit >= (size_t(1) << 30) && limit % (size_t(1) << 30) == 0 ? "larger than " + std::to_string(limit >> 30) + " GiB"
                                                                                  : "larger than " + std::to_string(limit >> 20) + " MiB";
      return false;
    }
  }
  VSIFCloseL(fp);
  return true;
}
}  // namespace gdalutil

}  // namespace geo
