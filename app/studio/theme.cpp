#include "app/studio/theme.h"

#include "app/studio/assets.h"

namespace nnfs::studio {

namespace {
// Latin-1 (with ×), general punctuation (– — ‘ ’ “ ” • … ‹ ›), arrows, minus sign, geometric
// shapes (● ▶), check marks.
const ImWchar kGlyphRanges[] = {0x0020, 0x00FF, 0x2010, 0x205E, 0x2190, 0x21FF, 0x2212, 0x2212,
                                0x25A0, 0x25FF, 0x2713, 0x2717, 0};

ImFont* add_font(const char* file, float size) {
  const std::string path = font_path(file);
  if (path.empty()) return nullptr;
  ImFontConfig config;
  config.OversampleH = 2;
  config.OversampleV = 1;
  return ImGui::GetIO().Fonts->AddFontFromFileTTF(path.c_str(), size, &config, kGlyphRanges);
}
}  // namespace

Fonts build_fonts(float scale) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  Fonts f;
  f.ui = add_font("DejaVuSans.ttf", 15.0f * scale);
  f.dejavu = f.ui != nullptr;
  if (!f.ui) {
    ImFontConfig config;
    config.SizePixels = 13.0f * scale;
    f.ui = atlas->AddFontDefault(&config);
  }
  f.mono = add_font("DejaVuSansMono.ttf", 14.0f * scale);
  if (!f.mono) f.mono = f.ui;
  f.large = add_font("DejaVuSans-Bold.ttf", 56.0f * scale);
  if (!f.large) f.large = f.ui;
  atlas->Build();
  return f;
}

void apply_theme(const std::string& theme, float scale) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  if (theme == "light") {
    ImGui::StyleColorsLight(&style);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.96f, 0.96f, 0.97f, 1.0f);
    style.Colors[ImGuiCol_TitleBg] = ImVec4(0.88f, 0.89f, 0.92f, 1.0f);
    style.Colors[ImGuiCol_TitleBgActive] = ImVec4(0.82f, 0.85f, 0.91f, 1.0f);
  } else {
    ImGui::StyleColorsDark(&style);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.10f, 0.105f, 0.115f, 1.0f);
    style.Colors[ImGuiCol_ChildBg] = ImVec4(0.0f, 0.0f, 0.0f, 0.0f);
    style.Colors[ImGuiCol_PopupBg] = ImVec4(0.12f, 0.125f, 0.14f, 0.98f);
    style.Colors[ImGuiCol_TitleBg] = ImVec4(0.13f, 0.14f, 0.16f, 1.0f);
    style.Colors[ImGuiCol_TitleBgActive] = ImVec4(0.16f, 0.20f, 0.28f, 1.0f);
    style.Colors[ImGuiCol_MenuBarBg] = ImVec4(0.13f, 0.14f, 0.16f, 1.0f);
  }
  style.WindowRounding = 0.0f;
  style.ChildRounding = 4.0f;
  style.FrameRounding = 4.0f;
  style.PopupRounding = 4.0f;
  style.GrabRounding = 4.0f;
  style.TabRounding = 4.0f;
  style.WindowPadding = ImVec2(12, 10);
  style.FramePadding = ImVec2(8, 4);
  style.ItemSpacing = ImVec2(8, 6);
  style.WindowBorderSize = 1.0f;
  style.ScaleAllSizes(scale);
}

Palette palette(const std::string& theme) {
  if (theme == "light")
    return {IM_COL32(38, 110, 220, 255), IM_COL32(140, 160, 190, 255), IM_COL32(222, 226, 232, 255),
            IM_COL32(200, 50, 40, 255), {rgba_pixel(255, 255, 255), rgba_pixel(18, 18, 22)}};
  return {IM_COL32(66, 150, 250, 255), IM_COL32(95, 105, 125, 255), IM_COL32(40, 43, 50, 255),
          IM_COL32(240, 110, 90, 255), {rgba_pixel(12, 12, 15), rgba_pixel(255, 255, 255)}};
}

}  // namespace nnfs::studio
