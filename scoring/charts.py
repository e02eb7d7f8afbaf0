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
