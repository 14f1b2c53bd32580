/*
 * Test-time helper of Gongjian (never shipped): import one graph file with Gephi's own engine
 * (gephi-toolkit, headless) and print what Gephi made of it as JSON on stdout.
 *
 * Run: java -Djava.awt.headless=true -cp gephi-toolkit-0.10.1-all.jar tests/gephi/GephiImport.java FILE...
 *
 * Each FILE is imported into a new project; the output is one JSON object per FILE, one a line:
 * {"graph": {directed, dynamic, multigraph, time_representation, time_format, time_zone,
 * time_bounds}, "issues": [{level, message}], "columns": [{table, id, title, type, property,
 * dynamic}], "nodes": [{id, label, x, y, size, color, attributes, intervals}], "edges": [{id,
 * source, target, label, type_label, weight, directed, color, attributes, intervals}]}.
 * Intervals are [low, high] in Gephi's time (milliseconds since 1970 UTC for dates), an
 * infinite end as null; "attributes" holds every non-property column's value by column id.
 */

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.gephi.graph.api.Column;
import org.gephi.graph.api.Edge;
import org.gephi.graph.api.Element;
import org.gephi.graph.api.Graph;
import org.gephi.graph.api.GraphController;
import org.gephi.graph.api.GraphModel;
import org.gephi.graph.api.Interval;
import org.gephi.graph.api.Node;
import org.gephi.graph.api.Table;
import org.gephi.io.importer.api.Container;
import org.gephi.io.importer.api.ImportController;
import org.gephi.io.importer.api.Issue;
import org.gephi.io.processor.plugin.DefaultProcessor;
import org.gephi.project.api.ProjectController;
import org.gephi.project.api.Workspace;
import org.openide.util.Lookup;

public class GephiImport {

    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
            }
        }
        return b.append('"').toString();
    }

    static String num(double d) {
        return Double.isFinite(d) ? Double.toString(d) : "null";
    }

    static String value(Object v) {
        if (v == null) return "null";
        if (v instanceof Boolean) return v.toString();
        if (v instanceof Double || v instanceof Float) return num(((Number) v).doubleValue());
        if (v instanceof Number) return v.toString();
        return str(v.toString());
    }

    static String intervals(Element e) {
        List<String> out = new ArrayList<>();
        Interval[] all = e.getIntervals();
        if (all != null) {
            for (Interval i : all) out.add("[" + num(i.getLow()) + "," + num(i.getHigh()) + "]");
        }
        return "[" + String.join(",", out) + "]";
    }

    static String attributes(Element e, Table table) {
        List<String> out = new ArrayList<>();
        for (Column c : table) {
            if (c.isProperty()) continue;
            out.add(str(c.getId()) + ":" + value(e.getAttribute(c)));
        }
        return "{" + String.join(",", out) + "}";
    }

    static String color(Element e) {
        java.awt.Color c = e.getColor();
        return "[" + c.getRed() + "," + c.getGreen() + "," + c.getBlue() + "]";
    }

    public static void main(String[] args) throws Exception {
        // UTF-8 whatever the locale: names are Chinese
        java.io.PrintStream out = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "UTF-8");
        for (String arg : args) {
            out.println(importOne(new File(arg)));
        }
        out.flush();
        System.exit(0);
    }

    static String importOne(File file) throws Exception {
        ProjectController pc = Lookup.getDefault().lookup(ProjectController.class);
        if (pc.getCurrentProject() != null) pc.closeCurrentProject();
        pc.newProject();
        Workspace workspace = pc.getCurrentWorkspace();
        ImportController importer = Lookup.getDefault().lookup(ImportController.class);
        Container container = importer.importFile(file);
        if (container == null) {
            System.err.println("Gephi could not import " + file);
            System.exit(2);
        }
        List<String> issues = new ArrayList<>();
        for (Issue.Level level : new Issue.Level[] {Issue.Level.INFO, Issue.Level.WARNING, Issue.Level.SEVERE, Issue.Level.CRITICAL}) {
            for (Issue issue : container.getReport().getIssuesList(level.toInteger())) {
                if (issue.getLevel() == level) {
                    issues.add("{\"level\":" + str(level.toString()) + ",\"message\":" + str(String.valueOf(issue.getMessage())) + "}");
                }
            }
        }
        importer.process(container, new DefaultProcessor(), workspace);
        GraphModel model = Lookup.getDefault().lookup(GraphController.class).getGraphModel(workspace);
        Graph graph = model.getGraph();

        StringBuilder out = new StringBuilder("{");
        Interval bounds = model.getTimeBounds();
        out.append("\"graph\":{\"directed\":").append(model.isDirected())
           .append(",\"dynamic\":").append(model.isDynamic())
           .append(",\"multigraph\":").append(model.isMultiGraph())
           .append(",\"time_representation\":").append(str(String.valueOf(model.getConfiguration().getTimeRepresentation())))
           .append(",\"time_format\":").append(str(String.valueOf(model.getTimeFormat())))
           .append(",\"time_zone\":").append(str(String.valueOf(model.getTimeZone())))
           .append(",\"time_bounds\":").append(bounds == null ? "null" : "[" + num(bounds.getLow()) + "," + num(bounds.getHigh()) + "]")
           .append("},");
        out.append("\"issues\":[").append(String.join(",", issues)).append("],");

        List<String> columns = new ArrayList<>();
        for (Table table : new Table[] {model.getNodeTable(), model.getEdgeTable()}) {
            String which = table.isNodeTable() ? "node" : "edge";
            for (Column c : table) {
                columns.add("{\"table\":" + str(which) + ",\"id\":" + str(c.getId()) + ",\"title\":" + str(c.getTitle())
                        + ",\"type\":" + str(c.getTypeClass().getSimpleName()) + ",\"property\":" + c.isProperty()
                        + ",\"dynamic\":" + c.isDynamic() + "}");
            }
        }
        out.append("\"columns\":[").append(String.join(",", columns)).append("],");

        List<String> nodes = new ArrayList<>();
        for (Node n : graph.getNodes()) {
            nodes.add("{\"id\":" + str(String.valueOf(n.getId())) + ",\"label\":" + value(n.getLabel())
                    + ",\"x\":" + num(n.x()) + ",\"y\":" + num(n.y()) + ",\"size\":" + num(n.size())
                    + ",\"color\":" + color(n) + ",\"attributes\":" + attributes(n, model.getNodeTable())
                    + ",\"intervals\":" + intervals(n) + "}");
        }
        out.append("\"nodes\":[").append(String.join(",", nodes)).append("],");

        List<String> edges = new ArrayList<>();
        for (Edge e : graph.getEdges()) {
            edges.add("{\"id\":" + str(String.valueOf(e.getId())) + ",\"source\":" + str(String.valueOf(e.getSource().getId()))
                    + ",\"target\":" + str(String.valueOf(e.getTarget().getId())) + ",\"label\":" + value(e.getLabel())
                    + ",\"type_label\":" + value(e.getTypeLabel()) + ",\"weight\":" + num(e.getWeight())
                    + ",\"directed\":" + e.isDirected() + ",\"color\":" + color(e)
                    + ",\"attributes\":" + attributes(e, model.getEdgeTable()) + ",\"intervals\":" + intervals(e) + "}");
        }
        out.append("\"edges\":[").append(String.join(",", edges)).append("]}");
        return out.toString();
    }
}
