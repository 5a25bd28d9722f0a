#include "app/studio/widgets/file_dialog.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "app/studio/format.h"

namespace nnfs::studio {

namespace fs = std::filesystem;

namespace {
std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

void FileDialog::open(Mode mode, std::string title, std::vector<Filter> filters, const std::string& start_dir,
                      const std::string& file_name) {
  mode_ = mode;
  title_ = std::move(title);
  filters_ = std::move(filters);
  if (filters_.empty()) filters_.push_back({"All files", {}});
  filter_ = 0;
  name_ = file_name;
  message_.clear();
  overwrite_.clear();
  result_.clear();
  std::error_code ec;
  navigate(!start_dir.empty() && fs::is_directory(start_dir, ec) ? start_dir : fs::current_path(ec).string());
  request_open_ = true;
  focus_name_ = true;
}

void FileDialog::navigate(const std::string& dir) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  if (ec || !fs::is_directory(p, ec)) {
    message_ = "Not a folder: " + dir;
    return;
  }
  dir_ = p.string();
  location_ = dir_;
  selected_ = -1;
  refresh();
}

void FileDialog::refresh() {
  entries_.clear();
  std::error_code ec;
  for (fs::directory_iterator it(dir_, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
       it.increment(ec)) {
    Entry e;
    e.name = it->path().filename().string();
    if (!show_hidden_ && !e.name.empty() && e.name[0] == '.') continue;
    std::error_code ec2;
    e.is_dir = it->is_directory(ec2);
    if (!e.is_dir) {
      if (!matches_filter(e.name)) continue;
      e.size = it->file_size(ec2);
      if (ec2) e.size = 0;
    }
    const auto t = it->last_write_time(ec2);
    if (!ec2) e.modified = format_file_time(t);
    entries_.push_back(std::move(e));
  }
  if (ec) message_ = "Cannot list " + dir_ + ": " + ec.message();
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    if (a.is_dir != b.is_dir) return a.is_dir;
    return lower(a.name) < lower(b.name);
  });
}

bool FileDialog::matches_filter(const std::string& name) const {
  const auto& exts = filters_[static_cast<std::size_t>(filter_)].extensions;
  if (exts.empty()) return true;
  const std::string n = lower(name);
  return std::any_of(exts.begin(), exts.end(), [&](const std::string& e) { return ends_with(n, lower(e)); });
}

std::string FileDialog::resolve(const std::string& typed) const {
  std::string t = typed;
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
  if (t == "~") return home_dir();
  if (t.rfind("~/", 0) == 0) return home_dir() + t.substr(1);
  if (!t.empty() && t[0] == '/') return t;
  return (fs::path(dir_) / t).lexically_normal().string();
}

bool FileDialog::accept(const std::string& typed) {
  message_.clear();
  std::error_code ec;
  if (typed.empty()) {
    if (mode_ == Mode::Directory) {
      result_ = dir_;
      return true;
    }
    message_ = mode_ == Mode::Save ? "Type a file name" : "Choose a file";
    return false;
  }
  std::string path = resolve(typed);
  if (fs::is_directory(path, ec)) {
    if (mode_ == Mode::Directory) {
      result_ = fs::weakly_canonical(path, ec).string();
      return true;
    }
    navigate(path);
    name_.clear();
    return false;
  }
  switch (mode_) {
    case Mode::Directory:
      message_ = "No such folder: " + path;
      return false;
    case Mode::Open:
      if (!fs::exists(path, ec)) {
        message_ = "No such file: " + path;
        return false;
      }
      result_ = path;
      return true;
    case Mode::Save: {
      const auto& exts = filters_[static_cast<std::size_t>(filter_)].extensions;
      if (!exts.empty() && fs::path(path).extension().empty()) path += exts.front();
      if (fs::exists(path, ec)) {
        overwrite_ = path;  // asks first
        return false;
      }
      result_ = path;
      return true;
    }
  }
  return false;
}

void FileDialog::draw_places(std::span<const Place> places) {
  for (std::size_t i = 0; i < places.size(); ++i) {
    const Place& p = places[i];
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Selectable(p.label.c_str(), p.path == dir_)) navigate(p.path);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.path.c_str());
    ImGui::PopID();
  }
}

void FileDialog::draw_entries() {
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                ImGuiTableFlags_BordersV | ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable("##entries", 3, flags, ImVec2(0, 0))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("Size", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 5.5f);
  ImGui::TableSetupColumn("Modified", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 8.5f);
  ImGui::TableHeadersRow();
  std::string go_into;
  bool accept_selected = false;
  if (entries_.empty()) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextDisabled(mode_ == Mode::Directory ? "No folders here" : "No matching files in this folder");
  }
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(entries_.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const Entry& e = entries_[static_cast<std::size_t>(i)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(i);
      const std::string label = e.is_dir ? e.name + "/" : e.name;
      if (ImGui::Selectable(label.c_str(), selected_ == i,
                            ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
        selected_ = i;
        if (!e.is_dir) name_ = e.name;
        if (ImGui::IsMouseDoubleClicked(0)) {
          if (e.is_dir) go_into = e.name;
          else accept_selected = true;
        }
      }
      ImGui::PopID();
      ImGui::TableNextColumn();
      if (!e.is_dir) ImGui::TextUnformatted(format_bytes(e.size).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(e.modified.c_str());
    }
  }
  ImGui::EndTable();
  if (!go_into.empty()) navigate((fs::path(dir_) / go_into).string());
  if (accept_selected && accept(name_)) {
    open_ = false;
    ImGui::CloseCurrentPopup();
  }
}

bool FileDialog::draw(std::span<const Place> places, bool enter, bool escape) {
  if (!begin_modal()) return false;
  const bool location_active = draw_location_row();
  draw_browser(places);
  if (!open_) {  // a double click accepted a file
    ImGui::EndPopup();
    return true;
  }
  const Footer footer = draw_footer(enter && !location_active, escape);
  const bool done = footer.done || draw_replace_question(enter, escape);
  if (done || footer.cancelled) {
    open_ = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
  return done;
}

bool FileDialog::begin_modal() {
  const std::string id = title_ + "###file_dialog";
  if (request_open_) {
    ImGui::OpenPopup(id.c_str());
    request_open_ = false;
    open_ = true;
  }
  if (!open_) return false;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x * 0.72f, vp->WorkSize.y * 0.75f), ImGuiCond_Appearing);
  bool keep_open = true;  // the title bar's close button
  if (!ImGui::BeginPopupModal(id.c_str(), &keep_open)) {
    open_ = false;
    return false;
  }
  return true;
}

// Up, the folder (editable; Enter goes there), hidden files.
bool FileDialog::draw_location_row() {
  if (ImGui::Button("Up")) navigate(fs::path(dir_).parent_path().string());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 9.0f);
  if (ImGui::InputText("##location", &location_, ImGuiInputTextFlags_EnterReturnsTrue)) navigate(resolve(location_));
  const bool location_active = ImGui::IsItemActive();
  ImGui::SameLine();
  if (ImGui::Checkbox("Hidden files", &show_hidden_)) refresh();
  return location_active;
}

// Places | entries, above the footer.
void FileDialog::draw_browser(std::span<const Place> places) {
  const float footer = ImGui::GetFrameHeightWithSpacing() * 2.0f + ImGui::GetTextLineHeightWithSpacing();
  ImGui::BeginChild("##places", ImVec2(ImGui::GetFontSize() * 11.0f, -footer), true);
  draw_places(places);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##list", ImVec2(0, -footer), false);
  draw_entries();
  ImGui::EndChild();
}

// Message line, file name, filter.
bool FileDialog::draw_name_row() {
  const float em = ImGui::GetFontSize();
  if (!message_.empty()) ImGui::TextColored(ImVec4(0.95f, 0.45f, 0.35f, 1.0f), "%s", message_.c_str());
  else ImGui::TextDisabled("%s", dir_.c_str());
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(mode_ == Mode::Directory ? "Folder" : "File name");
  ImGui::SameLine();
  if (focus_name_) {
    ImGui::SetKeyboardFocusHere();
    focus_name_ = false;
  }
  ImGui::SetNextItemWidth(-em * 16.0f);
  const bool entered =
      ImGui::InputText("##name", &name_, ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(em * 15.0f);
  if (ImGui::BeginCombo("##filter", filters_[static_cast<std::size_t>(filter_)].label.c_str())) {
    for (int i = 0; i < static_cast<int>(filters_.size()); ++i)
      if (ImGui::Selectable(filters_[static_cast<std::size_t>(i)].label.c_str(), i == filter_)) {
        filter_ = i;
        refresh();
      }
    ImGui::EndCombo();
  }
  return entered;
}

// The name row, then Cancel and Open/Save/Select Folder. `enter`: Enter outside the location field.
FileDialog::Footer FileDialog::draw_footer(bool enter, bool escape) {
  Footer footer;
  const bool entered = draw_name_row();
  const char* confirm_label = mode_ == Mode::Save ? "Save" : mode_ == Mode::Directory ? "Select Folder" : "Open";
  const float button_w = ImGui::GetFontSize() * 7.0f;
  ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - 2.0f * button_w - ImGui::GetStyle().ItemSpacing.x);
  if (ImGui::Button("Cancel", ImVec2(button_w, 0)) || (escape && overwrite_.empty())) footer.cancelled = true;
  ImGui::SameLine();
  const bool name_enter = entered || (enter && overwrite_.empty());
  if (ImGui::Button(confirm_label, ImVec2(button_w, 0)) || name_enter) {
    std::string typed = name_;
    if (typed.empty() && mode_ == Mode::Directory && selected_ >= 0 && entries_[static_cast<std::size_t>(selected_)].is_dir)
      typed = entries_[static_cast<std::size_t>(selected_)].name;
    footer.done = accept(typed);
  }
  return footer;
}

// Saving over an existing file asks first.
bool FileDialog::draw_replace_question(bool enter, bool escape) {
  if (!overwrite_.empty() && !ImGui::IsPopupOpen("Replace file?")) ImGui::OpenPopup("Replace file?");
  if (!ImGui::BeginPopupModal("Replace file?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return false;
  bool replace = false;
  const float button_w = ImGui::GetFontSize() * 7.0f;
  ImGui::Text("%s already exists.", file_name_of(overwrite_).c_str());
  ImGui::TextUnformatted("Replace it? Its current contents will be lost.");
  ImGui::Spacing();
  if (ImGui::Button("Replace", ImVec2(button_w, 0)) || (enter && !ImGui::IsWindowAppearing())) {
    result_ = overwrite_;
    overwrite_.clear();
    replace = true;
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel", ImVec2(button_w, 0)) || escape) {
    overwrite_.clear();
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
  return replace;
}

}  // namespace nnfs::studio
