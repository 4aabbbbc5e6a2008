// Time charts drawn by uPlot, in UTC, one per container; each container tells how many points it shows.

import uPlot from './uplot.js';

const COLORS = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#0891b2', '#dc2626', '#4b5563'];
const HEIGHT = 200;
const charts = new Map();

/**
 * Draws (or redraws) a chart of series over periods in a container.
 *
 * @param container the element the chart fills
 * @param x         the start of each period, in seconds
 * @param series    [{label, values}], each value one period's
 * @param format    how a value is written on the axis and in the legend
 */
export function drawChart(container, x, series, format = String) {
    charts.get(container)?.destroy();
    const options = {
        width: widthOf(container),
        height: HEIGHT,
        tzDate: seconds => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
        cursor: {drag: {x: false, y: false}},
        scales: {y: {range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1]}},
        axes: [{}, {size: 64, values: (u, values) => values.map(format)}],
        series: [{}, ...series.map((one, i) => ({
            label: one.label,
            stroke: COLORS[i % COLORS.length],
            fill: COLORS[i % COLORS.length] + '1a',
            width: 2,
            points: {show: x.length <= 48, size: 5},
            value: (u, value) => value == null ? '' : format(value),
        }))],
    };
    const chart = new uPlot(options, [x, ...series.map(one => one.values)], container);
    charts.set(container, chart);
    container.dataset.points = String(chart.data[0].length);
    container.dataset.series = series.map(one => one.label).join(',');
}

/** Forgets every chart, as when the key is dropped. */
export function clearCharts() {
    for (const [container, chart] of charts) {
        chart.destroy();
        delete container.dataset.points;
        delete container.dataset.series;
    }
    charts.clear();
}

function widthOf(container) {
    return Math.max(240, container.clientWidth);
}

addEventListener('resize', () => {
    for (const [container, chart] of charts) {
        chart.setSize({width: widthOf(container), height: HEIGHT});
    }
});
