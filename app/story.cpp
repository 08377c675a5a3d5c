// Stories: reading (with per-step problems), writing (unknown members kept), the text subset.
// Sections: helpers; reading; writing; the text subset.
#include "app/story.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/cli.hpp"
#include "geo/io.hpp"

namespace app {

using Json = nlohmann::ordered_json;

// --- helpers ---------------------------------------------------------------------------------------
namespace {

std::string lineColumn(const std::string& text, size_t byte) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < text.size() && i + 1 < byte; ++i) {
    if (text[i] == '\n') { ++line; col = 1; }
    else ++col;
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

// nlohmann's message without its "[json.exception.out_of_range.406] " prefix.
std::string jsonWhat(const nlohmann::json::exception& e) {
  const std::string w = e.what();
  const size_t close = w.find("] ");
  return w.rfind("[json.exception.", 0) == 0 && close != std::string::npos ? w.substr(close + 2) : w;
}

bool stringList(const Json& j, std::vector<std::string>& out) {
  if (!j.is_array()) return false;
  out.clear();
  for (const auto& v : j) {
    if (!v.is_string()) return false;
    out.push_back(v.get<std::string>());
  }
  return true;
}

Json parseRaw(const std::string& raw) {
  if (raw.empty()) return Json::object();
  Json j = Json::parse(raw, nullptr, false);
  return j.is_object() ? j : Json::object();
}

}  // namespace

// --- reading ---------------------------------------------------------------------------------------
std::vector<std::string> validateStep(StoryStep& st) {
  std::vector<std::string> p;
  if (st.title.empty()) p.push_back("title: missing");
  geo::TimeValue tv;
  std::string err;
  st.timeOk = !st.time.empty() && geo::parseIso8601(st.time, tv, &err);
  if (st.timeOk) st.timeS = tv.t;
  else p.push_back("time: " + (st.time.empty() ? std::string("missing") : "'" + st.time + "' is not an ISO 8601 date (" + err + ")"));
  if (st.mode != "cumulative" && st.mode != "window" && st.mode != "all")
    p.push_back("mode: '" + st.mode + "' is not cumulative, window or all");
  st.windowS = 0;
  if (st.mode == "window" && !parseDuration(st.window, st.windowS))
    p.push_back("window: '" + st.window + "' is not a duration such as 14d, 6mo, 1y");
  if (!st.hasBbox) p.push_back("view.bbox: missing");
  else if (!(st.bbox.minX < st.bbox.maxX && st.bbox.minY < st.bbox.maxY))
    p.push_back("view.bbox: expected minLon < maxLon and minLat < maxLat");
  if (st.sources.empty()) p.push_back("sources: at least one source is required");
  for (size_t k = 0; k < st.sources.size(); ++k) {
    const std::string& u = st.sources[k].url;
    const size_t scheme = u.rfind("https://", 0) == 0 ? 8 : u.rfind("http://", 0) == 0 ? 7 : 0;
    const std::string where = "sources[" + std::to_string(k + 1) + "]";
    if (scheme == 0 || u.size() <= scheme) p.push_back(where + ".url: expected an http:// or https:// address");
    if (st.sources[k].publisher.empty()) p.push_back(where + ".publisher: missing");
  }
  return p;
}

namespace {
void readStep(const Json& j, size_t index, StoryStep& st, std::vector<std::string>& problems) {
  const std::string where = "step " + std::to_string(index + 1) + ", ";
  auto problem = [&](const std::string& what) { problems.push_back(where + what); };
  st.raw = j.dump();
  auto str = [&](const char* key, std::string& dst, bool required) {
    auto it = j.find(key);
    if (it == j.end()) {
      if (required) problem(std::string(key) + ": missing");
      return;
    }
    if (!it->is_string()) { problem(std::string(key) + ": expected a string"); return; }
    dst = it->get<std::string>();
  };
  str("title", st.title, true);
  str("text", st.text, true);
  str("time", st.time, true);
  str("mode", st.mode, false);
  str("window", st.window, false);
  str("select", st.select, false);
  if (auto v = j.find("view"); v != j.end()) {
    auto b = v->is_object() ? v->find("bbox") : v->end();
    if (!v->is_object() || b == v->end()) problem("view.bbox: missing");
    else if (!b->is_array() || b->size() != 4 || !(*b)[0].is_number() || !(*b)[1].is_number() ||
             !(*b)[2].is_number() || !(*b)[3].is_number())
      problem("view.bbox: expected 4 numbers");
    else {
      st.bbox = {(*b)[0].get<double>(), (*b)[1].get<double>(), (*b)[2].get<double>(), (*b)[3].get<double>()};
      st.hasBbox = true;
    }
  }
  if (auto h = j.find("highlight"); h != j.end() && !stringList(*h, st.highlight)) problem("highlight: expected an array of strings");
  if (auto l = j.find("layers"); l != j.end()) {
    if (!l->is_object()) problem("layers: expected an object of name: true/false");
    else {
      st.hasLayers = true;
      for (auto it = l->begin(); it != l->end(); ++it) {
        if (!it.value().is_boolean()) { problem("layers." + it.key() + ": expected true or false"); continue; }
        st.layers.push_back({it.key(), it.value().get<bool>()});
      }
    }
  }
  if (auto f = j.find("filters"); f != j.end()) {
    if (!f->is_object()) problem("filters: expected an object");
    else {
      st.hasFilters = true;
      StoryFilters& sf = st.filters;
      sf.raw = f->dump();
      if (auto t = f->find("text"); t != f->end()) {
        if (t->is_string()) sf.text = t->get<std::string>();
        else problem("filters.text: expected a string");
      }
      const std::pair<const char*, std::vector<std::string>*> lists[] = {
          {"categories", &sf.categories}, {"countries", &sf.countries}, {"actors", &sf.actors}};
      for (const auto& [key, dst] : lists)
        if (auto it = f->find(key); it != f->end() && !stringList(*it, *dst))
          problem(std::string("filters.") + key + ": expected an array of strings");
      if (auto m = f->find("min_fatalities"); m != f->end()) {
        if (m->is_number_integer() && m->get<int64_t>() >= 0) sf.minFatalities = m->get<int64_t>();
        else problem("filters.min_fatalities: expected a whole number >= 0");
      }
      if (auto m = f->find("min_precision"); m != f->end()) {
        geo::Precision p;
        if (m->is_string() && geo::precisionFromName(m->get<std::string>(), p)) sf.minPrecision = m->get<std::string>();
        else problem("filters.min_precision: expected year, month, week, day, hour, minute or second");
      }
    }
  }
  if (auto s = j.find("sources"); s != j.end()) {
    if (!s->is_array()) problem("sources: expected an array");
    else {
      size_t k = 0;
      for (const auto& src : *s) {
        ++k;
        if (!src.is_object()) { problem("sources[" + std::to_string(k) + "]: expected an object"); continue; }
        StorySource o;
        o.raw = src.dump();
        if (auto u = src.find("url"); u != src.end() && u->is_string()) o.url = u->get<std::string>();
        if (auto u = src.find("publisher"); u != src.end() && u->is_string()) o.publisher = u->get<std::string>();
        if (auto u = src.find("title"); u != src.end() && u->is_string()) o.title = u->get<std::string>();
        if (o.url.rfind("http://", 0) != 0 && o.url.rfind("https://", 0) != 0)
          problem("sources[" + std::to_string(k) + "].url: expected an http:// or https:// address");
        if (o.publisher.empty()) problem("sources[" + std::to_string(k) + "].publisher: missing");
        st.sources.push_back(std::move(o));
      }
    }
  }
  // Checks of values (not only of types) that the editor repeats after edits; one problem per member.
  for (const std::string& p : validateStep(st)) {
    const std::string member = where + p.substr(0, p.find(':') + 1);
    bool dup = false;
    for (size_t k = 0; k < problems.size(); ++k)
      dup = dup || problems[k].rfind(member, 0) == 0;
    if (!dup) problem(p);
  }
}
}  // namespace

bool parseStory(const std::string& text, const std::string& name, Story& out, std::string* error,
                std::vector<std::string>* problems) {
  auto fail = [&](const std::string& m) {
    if (error) *error = name + ": " + m;
    return false;
  };
  Json j;
  try {
    j = Json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    const size_t cut = what.find("syntax error");
    return fail(lineColumn(text, e.byte) + ": not valid JSON (" + (cut == std::string::npos ? what : what.substr(cut)) + ")");
  } catch (const nlohmann::json::exception& e) {
    // Not a syntax error but a value JSON cannot hold here (a number such as 2e308 overflows a double).
    return fail(std::string("not readable JSON (") + jsonWhat(e) + ")");
  }
  if (!j.is_object()) return fail("not a story (expected a JSON object with \"format\": \"chronomap-story\")");
  auto f = j.find("format");
  if (f == j.end() || !f->is_string() || f->get<std::string>() != "chronomap-story")
    return fail("not a story (\"format\" must be \"chronomap-story\")");
  auto v = j.find("version");
  if (v == j.end() || !v->is_number_integer()) return fail("\"version\" is missing or not a whole number");
  if (v->get<int>() > kStoryVersion)
    return fail("story format version " + std::to_string(v->get<int>()) + " is newer than this program reads (version " +
                std::to_string(kStoryVersion) + "): update Chronomap");
  auto t = j.find("title");
  if (t == j.end() || !t->is_string()) return fail("\"title\" is missing or not a string");
  auto s = j.find("steps");
  if (s == j.end() || !s->is_array()) return fail("\"steps\" is missing or not an array");
  if (s->empty()) return fail("the story has no steps");
  Story st;
  st.version = v->get<int>();
  st.title = t->get<std::string>();
  auto opt = [&](const char* key, std::string& dst) {
    auto it = j.find(key);
    if (it != j.end() && it->is_string()) dst = it->get<std::string>();
  };
  opt("subtitle", st.subtitle);
  opt("description", st.description);
  opt("author", st.author);
  opt("license", st.license);
  opt("events", st.events);
  std::vector<std::string> local;
  for (size_t i = 0; i < s->size(); ++i) {
    StoryStep step;
    if (!(*s)[i].is_object()) {
      local.push_back("step " + std::to_string(i + 1) + ": expected an object");
      step.raw = "{}";
    } else {
      readStep((*s)[i], i, step, local);
    }
    st.steps.push_back(std::move(step));
  }
  Json top = j;
  top.erase("steps");
  st.raw = top.dump();
  out = std::move(st);
  if (problems)
    for (auto& p : local) problems->push_back(std::move(p));
  return true;
}

bool loadStory(const std::string& path, Story& out, std::string* error, std::vector<std::string>* problems) {
  // Only a regular file: a named pipe would block here for ever, a device never end.
  if (std::string why; !geo::isRegularFile(path, &why)) {
    if (error) *error = path + ": cannot be opened (" + why + ")";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error) *error = path + ": cannot be opened (no such file, or not readable)";
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return parseStory(ss.str(), path, out, error, problems);
}

// --- writing ---------------------------------------------------------------------------------------
namespace {
// Sets or removes a member, keeping its place when it exists.
template <class T>
void setOrErase(Json& j, const char* key, bool present, const T& value) {
  if (present) j[key] = value;
  else j.erase(key);
}

Json stepJson(const StoryStep& st) {
  Json j = parseRaw(st.raw);
  j["title"] = st.title;
  j["text"] = st.text;
  j["time"] = st.time;
  setOrErase(j, "mode", !st.mode.empty() && (st.mode != "cumulative" || j.contains("mode")), st.mode);
  setOrErase(j, "window", st.mode == "window" || (j.contains("window") && !st.window.empty()), st.window);
  Json view = j.contains("view") && j["view"].is_object() ? j["view"] : Json::object();
  if (st.hasBbox) view["bbox"] = {st.bbox.minX, st.bbox.minY, st.bbox.maxX, st.bbox.maxY};
  j["view"] = view;
  setOrErase(j, "highlight", !st.highlight.empty() || j.contains("highlight"), st.highlight);
  setOrErase(j, "select", !st.select.empty(), st.select);
  if (st.hasLayers) {
    Json l = Json::object();
    for (const auto& [name, on] : st.layers) l[name] = on;
    j["layers"] = l;
  } else {
    j.erase("layers");
  }
  if (st.hasFilters) {
    const StoryFilters& sf = st.filters;
    Json f = parseRaw(sf.raw);
    setOrErase(f, "text", !sf.text.empty() || f.contains("text"), sf.text);
    setOrErase(f, "categories", !sf.categories.empty() || f.contains("categories"), sf.categories);
    setOrErase(f, "countries", !sf.countries.empty() || f.contains("countries"), sf.countries);
    setOrErase(f, "actors", !sf.actors.empty() || f.contains("actors"), sf.actors);
    setOrErase(f, "min_fatalities", sf.minFatalities > 0 || f.contains("min_fatalities"), sf.minFatalities);
    setOrErase(f, "min_precision", sf.minPrecision != "year" || f.contains("min_precision"), sf.minPrecision);
    j["filters"] = f;
  } else {
    j.erase("filters");
  }
  Json srcs = Json::array();
  for (const StorySource& s : st.sources) {
    Json o = parseRaw(s.raw);
    o["url"] = s.url;
    o["publisher"] = s.publisher;
    setOrErase(o, "title", !s.title.empty(), s.title);
    srcs.push_back(o);
  }
  j["sources"] = srcs;
  return j;
}
}  // namespace

std::string storyToJson(const Story& s) {
  Json j = parseRaw(s.raw);
  j["format"] = "chronomap-story";
  j["version"] = s.version < 1 ? kStoryVersion : s.version;
  j["title"] = s.title;
  setOrErase(j, "subtitle", !s.subtitle.empty(), s.subtitle);
  setOrErase(j, "description", !s.description.empty(), s.description);
  setOrErase(j, "author", !s.author.empty(), s.author);
  setOrErase(j, "license", !s.license.empty(), s.license);
  setOrErase(j, "events", !s.events.empty(), s.events);
  Json steps = Json::array();
  for (const StoryStep& st : s.steps) steps.push_back(stepJson(st));
  j["steps"] = steps;
  return j.dump(2) + "\n";
}

bool saveStory(const std::string& path, const Story& s, std::string* error) {
  return geo::writeFileAtomic(path, storyToJson(s), error);
}

// --- the text subset -------------------------------------------------------------------------------
namespace {
// Inline markup of one line (or paragraph) into runs appended to `out`.
void parseInline(const std::string& t, std::vector<TextRun>& out) {
  bool bold = false, italic = false;
  std::string cur;
  auto flush = [&] {
    if (cur.empty()) return;
    if (!out.empty() && out.back().bold == bold && out.back().italic == italic && out.back().url.empty())
      out.back().text += cur;
    else
      out.push_back({cur, bold, italic, ""});
    cur.clear();
  };
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '\\' && i + 1 < t.size() && (t[i + 1] == '*' || t[i + 1] == '[' || t[i + 1] == '\\' || t[i + 1] == ']')) {
      cur += t[++i];
    } else if (c == '*' && i + 1 < t.size() && t[i + 1] == '*') {
      flush();
      bold = !bold;
      ++i;
    } else if (c == '*') {
      flush();
      italic = !italic;
    } else if (c == '[') {
      // [text](http...) with text free of ']' and the url free of ')' and spaces.
      const size_t close = t.find(']', i + 1);
      if (close != std::string::npos && close + 1 < t.size() && t[close + 1] == '(') {
        const size_t end = t.find(')', close + 2);
        const std::string url = end == std::string::npos ? "" : t.substr(close + 2, end - close - 2);
        if ((url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) && url.find(' ') == std::string::npos) {
          flush();
          out.push_back({t.substr(i + 1, close - i - 1), bold, italic, url});
          i = end;
          continue;
        }
      }
      cur += c;
    } else {
      cur += c;
    }
  }
  flush();
}
}  // namespace

std::vector<TextBlock> parseStoryText(const std::string& text) {
  std::vector<TextBlock> blocks;
  std::string para;
  auto flushPara = [&] {
    if (para.empty()) return;
    TextBlock b;
    parseInline(para, b.runs);
    blocks.push_back(std::move(b));
    para.clear();
  };
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    pos = nl + 1;
    const size_t firstNon = line.find_first_not_of(" \t");
    if (firstNon == std::string::npos) {
      flushPara();
    } else if (line.compare(firstNon, 2, "- ") == 0) {
      flushPara();
      TextBlock b;
      b.listItem = true;
      parseInline(line.substr(firstNon + 2), b.runs);
      blocks.push_back(std::move(b));
    } else {
      if (!para.empty()) para += ' ';
      para += line.substr(firstNon);
    }
    if (nl == text.size()) break;
  }
  flushPara();
  return blocks;
}

std::string plainStoryText(const std::string& text) {
  std::string out;
  for (const TextBlock& b : parseStoryText(text)) {
    if (!out.empty()) out += "\n";
    if (b.listItem) out += "- ";
    for (const TextRun& r : b.runs) out += r.url.empty() ? r.text : r.text + " (" + r.url + ")";
  }
  return out;
}

}  // namespace app
