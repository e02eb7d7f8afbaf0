"""Plotly figures of a score by 评价指标 (built from ``gaps.indicator_frame``; no Streamlit here)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, SimHei, sans-serif"
COLORS = {"满分": "#d9dde3", "自评": "#9cc3e6", "认定得分": "#1f5fa8"}
RADAR_MIN_AXES = 3


def score_bars(frame: pd.DataFrame) -> go.Figure:
    """Grouped bars per 评价指标: full marks, the applicant's claim and the score the evidence supports."""
    fig = go.Figure()
    for column in ("满分", "自评", "认定得分"):
        fig.add_bar(name=column, x=frame["评价指标"], y=frame[column], marker_color=COLORS[column],
                    text=frame[column], textposition="outside",
                    hovertemplate="%{x}<br>" + column + "：%{y} 分<extra></extra>")
    fig.update_layout(barmode="group", font_family=FONT, yaxis_title="分", legend_orientation="h",
                      legend_y=1.12, margin=dict(l=40, r=20, t=50, b=40), height=420)
    return fig


def share_radar(frame: pd.DataFrame) -> go.Figure | None:
    """Radar of the share of full marks per base 评价指标 (percent); None with fewer than three indicators."""
    base = frame[~frame["加分项"]]
    if len(base) < RADAR_MIN_AXES:
        return None
    theta = list(base["评价指标"]) + [base["评价指标"].iloc[0]]
    r = [round(v * 100, 1) for v in base["得分率"]]
    r.append(r[0])
    fig = go.Figure(go.Scatterpolar(r=r, theta=theta, fill="toself", name="得分率",
                                    line_color=COLORS["认定得分"],
                                    hovertemplate="%{theta}：%{r}%<extra></extra>"))
    fig.update_layout(polar=dict(radialaxis=dict(range=[0, 100], ticksuffix="%")), font_family=FONT,
                      showlegend=False, margin=dict(l=60, r=60, t=30, b=30), height=420)
    return fig


REVIEW_COLORS = {"满分": "#d9dde3", "自评": "#9cc3e6", "复核": "#1f5fa8"}


def review_bars(frame: pd.DataFrame) -> go.Figure:
    """Grouped bars per 评价指标 of a review: full marks, the applicant's evidenced score and the reviewer's score.

    ``frame`` has the columns of ``ReviewSheet.indicators_frame()`` (indicator, max, self_score, final_score).
    """
    fig = go.Figure()
    for column, label in (("max", "满分"), ("self_score", "自评"), ("final_score", "复核")):
        values = [float(v) for v in frame[column]]  # half points: exact in binary floating point
        fig.add_bar(name=label, x=frame["indicator"], y=values, marker_color=REVIEW_COLORS[label], text=values,
                    textposition="outside", hovertemplate="%{x}<br>" + label + "：%{y} 分<extra></extra>")
    fig.update_layout(barmode="group", font_family=FONT, yaxis_title="分", legend_orientation="h",
                      legend_y=1.12, margin=dict(l=40, r=20, t=50, b=40), height=420)
    return fig


def review_differences(frame: pd.DataFrame) -> go.Figure | None:
    """Horizontal bars of the items whose reviewed score differs from the self score (reviewer − self), or None.

    ``frame`` has the columns of ``ReviewSheet.items_frame()`` (item_id, title, self_score, final_score).
    """
    changed = frame[frame["final_score"] != frame["self_score"]]
    if changed.empty:
        return None
    labels = [f"{i}　{t}" for i, t in zip(changed["item_id"], changed["title"])]
    deltas = [float(f - s) for f, s in zip(changed["final_score"], changed["self_score"])]
    colors = ["#c0392b" if d < 0 else "#27ae60" for d in deltas]
    fig = go.Figure(go.Bar(x=deltas, y=labels, orientation="h", marker_color=colors, text=deltas,
                           textposition="outside", hovertemplate="%{y}<br>复核 − 自评：%{x} 分<extra></extra>"))
    fig.update_layout(font_family=FONT, xaxis_title="复核得分 − 自评核验分（分）", yaxis_autorange="reversed",
                      margin=dict(l=20, r=40, t=20, b=40), height=max(200, 60 + 36 * len(labels)))
    return fig


def target_bars(frame: pd.DataFrame) -> go.Figure:
    """Certified sites against the plan's targets, one group of bars per (level, zones | stations and points).

    ``frame`` has ``label``, ``target``, ``achieved_by_target_year`` and ``achieved_total`` columns
    (``registry.district_view().targets`` with a label added).
    """
    fig = go.Figure()
    for column, name, color in (("target", "2023 年目标", "#d9dde3"),
                                ("achieved_by_target_year", "截至 2023 年认定", "#9cc3e6"),
                                ("achieved_total", "累计认定", "#1f5fa8")):
        fig.add_bar(name=name, x=frame["label"], y=frame[column], marker_color=color, text=frame[column],
                    textposition="outside", hovertemplate="%{x}<br>" + name + "：%{y} 个<extra></extra>")
    fig.update_layout(barmode="group", font_family=FONT, yaxis_title="个", legend_orientation="h", legend_y=1.12,
                      margin=dict(l=40, r=20, t=50, b=40), height=380)
    return fig


def district_bars(frame: pd.DataFrame) -> go.Figure:
    """Stacked bars of certifications per park, one colour per year and level.

    ``frame`` has ``park``, ``year``, ``level`` (a label), ``zones`` and ``stations_points`` columns.
    """
    fig = go.Figure()
    totals = frame.assign(count=frame["zones"] + frame["stations_points"])
    for (year, level), part in totals.groupby(["year", "level"], sort=True):
        name = f"{year} 年{level}"
        fig.add_bar(name=name, x=part["park"], y=part["count"],
                    hovertemplate="%{x}<br>" + name + "：%{y} 个<extra></extra>")
    fig.update_layout(barmode="stack", font_family=FONT, yaxis_title="认定数（个）", legend_orientation="h",
                      legend_y=1.12, margin=dict(l=40, r=20, t=50, b=40), height=420)
    return fig
