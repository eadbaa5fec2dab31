import"./chunk-3RNHDNP5.js";var z="flowgate:dashboard:token";function H(){try{return localStorage.getItem(z)??""}catch{return""}}function te(e){try{e?localStorage.setItem(z,e):localStorage.removeItem(z)}catch{}}var ne="/graphql";function oe(e){ne=e}async function h(e,t){let o={Accept:"application/json","Content-Type":"application/json"},a=H();a&&(o.Authorization="Bearer "+a);let r;try{r=await fetch(ne,{method:"POST",headers:o,credentials:"omit",body:JSON.stringify({query:e.toString(),variables:t})})}catch(i){return{data:null,errors:[{message:"flowgate could not be reached: "+String(i),extensions:{code:"NETWORK"}}]}}try{let i=await r.json();return{data:i.data??null,errors:i.errors??[]}}catch{return{data:null,errors:[{message:`HTTP ${r.status}: the response is not JSON`,extensions:{code:"HTTP_"+r.status}}]}}}var ae=document.body.dataset,I={endpoint:ae.endpoint||"/graphql",authentikURL:ae.authentikUrl||""};function n(e,t,...o){let a=document.createElement(e);for(let[r,i]of Object.entries(t??{}))i==null||i===!1||(r.startsWith("on")&&typeof i=="function"?a.addEventListener(r.slice(2),i):a.setAttribute(r,i===!0?"":String(i)));return re(a,o),a}function re(e,t){for(let o of t)o==null||o===!1||(Array.isArray(o)?re(e,o):e.append(o instanceof Node?o:String(o)))}function k(e){return e?e.toLowerCase().replace(/_/g," "):"unknown"}function $(e){return document.getElementById(e)}var F=null;function ie(e){F=e}function p(e,...t){F&&(F.dataset.kind=e,F.setAttribute("role",e==="error"?"alert":"status"),F.replaceChildren(n("span",{class:"message",id:"status-message"},...t)),F.hidden=!1)}function Be(){F&&(delete F.dataset.kind,F.replaceChildren(),F.hidden=!0)}var C=null;function B(e,t){C={kind:e,text:t}}function K(){C?p(C.kind,C.text):Be(),C=null}function _(e){return e.length===0?null:n("ul",{class:"errors"},e.map(t=>n("li",{},t.extensions?.code?n("code",{},t.extensions.code):null," ",t.message,t.path?n("span",{class:"path"}," at ",t.path.join(".")):null)))}function b(e,t){p("error",e,_(t))}var P=["AUTHENTICATION","AUTHORIZATION","ENROLLMENT","INVALIDATION","RECOVERY","STAGE_CONFIGURATION","UNENROLLMENT"];function se(e){let t=/^#\/flows\/([^?]+)$/.exec(e);if(t?.[1])return{screen:"flow",slug:decodeURIComponent(t[1])};if(e==="#/new")return{screen:"new"};let o=new URLSearchParams(e.replace(/^#\/?\??/,"")),a=o.get("d")??"",r=Number(o.get("page")??"1");return{screen:"list",state:{q:o.get("q")??"",d:P.includes(a)?a:"",page:Number.isInteger(r)&&r>=1?r:1}}}function S(e){let t=new URLSearchParams;e.q&&t.set("q",e.q),e.d&&t.set("d",e.d),e.page>1&&t.set("page",String(e.page));let o=t.toString();return o?"#/?"+o:"#/"}function R(e){return"#/flows/"+encodeURIComponent(e)}var Y=()=>{};function le(e){Y=e}function M(e,t=!1){if(location.hash===e){Y();return}t?(history.replaceState(null,"",e),Y()):location.hash=e}var D=class extends String{constructor(t,o){super(t),this.value=t,this.__meta__=o}toString(){return this.value}},de=new D(`
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
  }
}
    `,{fragmentName:"FlowDetail"}),ue=new D(`
    mutation DashboardCreateFlow($input: CreateFlowInput!) {
  createFlow(input: $input) {
    pk
    slug
  }
}
    `),ge=new D(`
    query DashboardFlow($slug: String!) {
  flow(slug: $slug) {
    ...FlowDetail
  }
}
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
  }
}`),ce=new D(`
    mutation DashboardUpdateFlow($slug: String!, $input: UpdateFlowInput!) {
  updateFlow(slug: $slug, input: $input) {
    ...FlowDetail
  }
}
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
  }
}`),pe=new D(`
    mutation DashboardDeleteFlow($slug: String!) {
  deleteFlow(slug: $slug) {
    pk
  }
}
    `),me=new D(`
    mutation DashboardReorder($flowSlug: String!, $bindingPks: [ID!]!) {
  reorderFlowStages(flowSlug: $flowSlug, bindingPks: $bindingPks) {
    ...FlowDetail
  }
}
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
  }
}`),fe=new D(`
    mutation DashboardBind($input: CreateFlowStageBindingInput!) {
  createFlowStageBinding(input: $input) {
    pk
    stage {
      name
    }
    target {
      ...FlowDetail
    }
  }
}
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
  }
}`),he=new D(`
    mutation DashboardUnbind($pk: ID!) {
  deleteFlowStageBinding(pk: $pk) {
    pk
  }
}
    `),be=new D(`
    query DashboardStages($search: String) {
  stages(first: 100, search: $search, orderBy: {field: NAME}) {
    totalCount
    nodes {
      pk
      name
      verboseName
    }
  }
}
    `),we=new D(`
    query DashboardFlows($first: Int!, $after: String, $search: String, $filter: FlowFilter) {
  flows(first: $first, after: $after, search: $search, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      pk
      slug
      name
      title
      designation
      bindings {
        pk
        order
        stage {
          pk
          name
          verboseName
        }
      }
    }
  }
}
    `);var Qe={"\n  mutation DashboardCreateFlow($input: CreateFlowInput!) {\n    createFlow(input: $input) { pk slug }\n  }\n":ue,"\n  fragment FlowDetail on Flow {\n    pk slug name title designation authentication layout deniedAction policyEngineMode compatibilityMode\n    diagram\n    bindings {\n      pk order evaluateOnPlan reEvaluatePolicies policyEngineMode invalidResponseAction\n      stage { pk name verboseName }\n    }\n  }\n":de,"\n  query DashboardFlow($slug: String!) {\n    flow(slug: $slug) { ...FlowDetail }\n  }\n":ge,"\n  mutation DashboardUpdateFlow($slug: String!, $input: UpdateFlowInput!) {\n    updateFlow(slug: $slug, input: $input) { ...FlowDetail }\n  }\n":ce,"\n  mutation DashboardDeleteFlow($slug: String!) {\n    deleteFlow(slug: $slug) { pk }\n  }\n":pe,"\n  mutation DashboardReorder($flowSlug: String!, $bindingPks: [ID!]!) {\n    reorderFlowStages(flowSlug: $flowSlug, bindingPks: $bindingPks) { ...FlowDetail }\n  }\n":me,"\n  mutation DashboardBind($input: CreateFlowStageBindingInput!) {\n    createFlowStageBinding(input: $input) { pk stage { name } target { ...FlowDetail } }\n  }\n":fe,"\n  mutation DashboardUnbind($pk: ID!) {\n    deleteFlowStageBinding(pk: $pk) { pk }\n  }\n":he,"\n  query DashboardStages($search: String) {\n    stages(first: 100, search: $search, orderBy: { field: NAME }) {\n      totalCount\n      nodes { pk name verboseName }\n    }\n  }\n":be,"\n  query DashboardFlows($first: Int!, $after: String, $search: String, $filter: FlowFilter) {\n    flows(first: $first, after: $after, search: $search, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        pk\n        slug\n        name\n        title\n        designation\n        bindings { pk order stage { pk name verboseName } }\n      }\n    }\n  }\n":we};function y(e){return Qe[e]??{}}var J=25,Ge=y(`
  query DashboardFlows($first: Int!, $after: String, $search: String, $filter: FlowFilter) {
    flows(first: $first, after: $after, search: $search, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        pk
        slug
        name
        title
        designation
        bindings { pk order stage { pk name verboseName } }
      }
    }
  }
`);function ve(e){return"flowgate:dashboard:cursors:"+JSON.stringify([e.q,e.d])}function De(e){try{let t=JSON.parse(sessionStorage.getItem(ve(e))??"[null]");return Array.isArray(t)?t:[null]}catch{return[null]}}function Ve(e,t,o){let a=De(e);a[t]=o;try{sessionStorage.setItem(ve(e),JSON.stringify(a))}catch{}}var U=null,ye=0;async function Ee(e,t){document.title="flowgate · flows",(!U||!e.contains(U.root))&&(U=Ke(e));let o=U;document.activeElement!==o.search&&(o.search.value=t.q),o.designation.value=t.d;let a=t.page>1?De(t)[t.page-1]:null;if(t.page>1&&!a){M(S({...t,page:1}),!0);return}let r=++ye;o.results.setAttribute("aria-busy","true");let{data:i,errors:s}=await h(Ge,{first:J,after:a,search:t.q||null,filter:t.d?{designation:t.d}:null});if(r!==ye||U!==o)return;o.results.removeAttribute("aria-busy");let l=i?.flows;if(!l){o.results.replaceChildren(),b("The flows could not be loaded.",s);return}s.length&&b("Some flows could not be loaded.",s),l.pageInfo.endCursor&&Ve(t,t.page,l.pageInfo.endCursor);let d=l.nodes.filter(g=>!!g),u=(t.page-1)*J+1,c=Math.max(1,Math.ceil(l.totalCount/J));o.results.replaceChildren(n("p",{class:"count",id:"flow-count"},d.length?`${u}–${u+d.length-1} of ${l.totalCount} flows`:`0 of ${l.totalCount} flows`),d.length===0?n("p",{class:"note",id:"no-flows"},t.q||t.d?"No flow matches.":"No flows are visible with this token."):n("table",{id:"flows"},n("thead",{},n("tr",{},["Flow","Designation","Stages in order"].map(g=>n("th",{scope:"col"},g)))),n("tbody",{},d.map(je))),n("nav",{class:"pager","aria-label":"pages"},n("a",{id:"prev-page",class:"button",href:t.page>1?S({...t,page:t.page-1}):null,"aria-disabled":t.page<=1?"true":null},"← Previous")," ",n("span",{id:"page-info"},`page ${t.page} of ${c}`)," ",n("a",{id:"next-page",class:"button",href:l.pageInfo.hasNextPage?S({...t,page:t.page+1}):null,"aria-disabled":l.pageInfo.hasNextPage?null:"true"},"Next →")))}function je(e){return n("tr",{class:"flow","data-slug":e.slug,"data-designation":e.designation??""},n("td",{},n("a",{href:R(e.slug),class:"flow-link"},e.name),n("br"),n("code",{class:"slug"},e.slug)),n("td",{class:"designation"},k(e.designation)),n("td",{},ze(e.bindings)))}function ze(e){return e.length===0?n("p",{class:"chain empty"},"no stages bound"):n("ol",{class:"chain"},e.map((t,o)=>n("li",{"data-order":t.order},o>0?n("span",{class:"arrow","aria-hidden":"true"},"→"):null,n("span",{class:"pill",title:t.stage.verboseName},n("span",{class:"order"},t.order)," ",n("span",{class:"stage-name"},t.stage.name)))))}function Ke(e){let t=n("input",{id:"search",type:"search",placeholder:"Search name, slug, title, designation…","aria-label":"Search flows",autocomplete:"off",spellcheck:"false"}),o=n("select",{id:"designation","aria-label":"Designation"},n("option",{value:""},"All designations"),P.map(d=>n("option",{value:d},k(d)))),a=0,r=d=>{window.clearTimeout(a),M(S({q:t.value.trim(),d:o.value,page:1}),d)};t.addEventListener("input",()=>{window.clearTimeout(a),a=window.setTimeout(()=>r(!0),250)}),o.addEventListener("change",()=>r(!1));let i=n("form",{id:"list-controls",role:"search"},t,o,n("a",{id:"new-flow",class:"button primary",href:"#/new"},"New flow"));i.addEventListener("submit",d=>{d.preventDefault(),r(!1)});let s=n("div",{id:"results","aria-live":"polite"}),l=n("section",{id:"list-screen"},n("h2",{},"Flows"),i,s);return e.replaceChildren(l),{root:l,search:t,designation:o,results:s}}function m(e,t,o,a){let r="err-"+e.replace(/[^A-Za-z0-9_-]/g,"-");return o.setAttribute("aria-describedby",r),o.dataset.field=e,o.id||(o.id="f-"+e.replace(/[^A-Za-z0-9_-]/g,"-")),n("div",{class:"field","data-field":e},n("label",{for:o.id},t),o,a?n("span",{class:"hint"},a):null,n("div",{class:"field-error",id:r,"data-error-for":e}))}function x(e,t,o){let a=n("select",o??{},e.map(([r,i])=>n("option",{value:r},i)));return a.value=t??e[0]?.[0]??"",a}function Q(e){for(let t of e.querySelectorAll(".field-error"))t.replaceChildren();for(let t of e.querySelectorAll("[aria-invalid]"))t.removeAttribute("aria-invalid")}function L(e,t){Q(e);let o=0,a=[];for(let r of t){let i=r.extensions??{};if(i.code!=="BAD_USER_INPUT"||!i.fields&&!i.nonFieldErrors){a.push(r);continue}for(let[s,l]of Object.entries(i.fields??{}))for(let d of[].concat(l)){let u=e.querySelector(`[data-error-for="${CSS.escape(s)}"]`);u?(u.append(n("span",{},d)),e.querySelector(`[data-field="${CSS.escape(s)}"]:not(.field)`)?.setAttribute("aria-invalid","true"),o++):a.push({message:`${s}: ${d}`,extensions:{code:i.code}})}for(let s of i.nonFieldErrors??[])a.push({message:s,extensions:{code:i.code}})}return{shown:o,rest:a}}function q(e){return e.map(t=>[t,k(t)])}var G=q(P),Fe=q(["STACKED","CONTENT_LEFT","CONTENT_RIGHT","SIDEBAR_LEFT","SIDEBAR_RIGHT","SIDEBAR_LEFT_FRAME_BACKGROUND","SIDEBAR_RIGHT_FRAME_BACKGROUND"]),ke=q(["MESSAGE_CONTINUE","MESSAGE","CONTINUE"]),Se=q(["NONE","REQUIRE_AUTHENTICATED","REQUIRE_UNAUTHENTICATED","REQUIRE_SUPERUSER","REQUIRE_REDIRECT","REQUIRE_OUTPOST"]),xe=q(["ALL","ANY"]);var Ye=y(`
  mutation DashboardCreateFlow($input: CreateFlowInput!) {
    createFlow(input: $input) { pk slug }
  }
`);function Te(e){document.title="flowgate · new flow";let t=n("input",{type:"text",required:!0,autocomplete:"off"}),o=n("input",{type:"text",required:!0,autocomplete:"off",spellcheck:"false"}),a=n("input",{type:"text",required:!0,autocomplete:"off"}),r=x(G,"AUTHENTICATION"),i=!1;o.addEventListener("input",()=>{i=!0}),t.addEventListener("input",()=>{i||(o.value=t.value.toLowerCase().trim().replace(/[^a-z0-9_]+/g,"-").replace(/^-+|-+$/g,""))});let s=n("button",{type:"submit",class:"primary",id:"create-submit"},"Create flow"),l=n("form",{id:"create-form",novalidate:!0},m("input.name","Name",t),m("input.slug","Slug",o,"letters, digits, - and _; part of the flow's URL"),m("input.title","Title",a,"shown to the user while the flow runs"),m("input.designation","Designation",r),n("p",{},s," ",n("a",{href:"#/"},"Cancel")));l.addEventListener("submit",async d=>{d.preventDefault(),s.disabled=!0,p("busy","Creating…");let{data:u,errors:c}=await h(Ye,{input:{name:t.value,slug:o.value.trim(),title:a.value,designation:r.value}});if(s.disabled=!1,u?.createFlow){B("ok",`Flow “${t.value}” created.`),M(R(u.createFlow.slug));return}let{shown:g,rest:v}=L(l,c);v.length?b(g?"The flow was not created: see the fields marked, and:":"The flow was not created.",v):p("error","The flow was not created: see the fields marked.")}),e.replaceChildren(n("section",{id:"create-screen"},n("p",{},n("a",{href:"#/"},"← all flows")),n("h2",{},"New flow"),l)),t.focus()}var Me=null,Je=0;function We(){return Me??=import("./chunk-MZ273XD5.js").then(({default:e})=>{let t=window.matchMedia?.("(prefers-color-scheme: dark)").matches;return e.initialize({startOnLoad:!1,securityLevel:"strict",theme:t?"dark":"neutral",layout:"dagre",htmlLabels:!1,flowchart:{htmlLabels:!1,useMaxWidth:!0,wrappingWidth:320},fontFamily:'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'}),e}),Me}var Ae=new CSSStyleSheet,$e=!1,Le="data-flowgate-theme",Re=Promise.resolve();function Ze(e){let t=Re.then(()=>Xe(e));return Re=t.catch(()=>{}),t}async function Xe(e){$e||(document.adoptedStyleSheets=[...document.adoptedStyleSheets,Ae],$e=!0);let t=document.createElement;document.createElement=function(o,a){if(o.toLowerCase()!=="style")return t.call(this,o,a);let r=this.createElementNS("http://www.w3.org/2000/svg","metadata");return r.setAttribute(Le,""),Object.defineProperty(r,"innerHTML",{configurable:!0,get:()=>"",set:i=>Ae.replaceSync(String(i))}),r};try{return await e()}finally{document.createElement=t}}async function Ne(e,t,o){let a;try{let s=await We(),l="flow-diagram-"+ ++Je;({svg:a}=await Ze(()=>o()?s.render(l,t):Promise.reject(new Error("gone"))))}catch(s){if(!o())return;e.removeAttribute("aria-busy"),e.replaceChildren(n("p",{class:"errors"},"The diagram could not be drawn: "+String(s)," The text is below."));return}if(!o())return;let r=new DOMParser().parseFromString(a,"image/svg+xml"),i=r.documentElement;if(i.nodeName!=="svg"||r.querySelector("parsererror")){e.replaceChildren(n("p",{class:"errors"},"The diagram could not be drawn. The text is below."));return}for(let s of i.querySelectorAll(`[${Le}], style`))s.remove();i.setAttribute("role","img"),e.removeAttribute("aria-busy"),e.replaceChildren(document.importNode(i,!0))}y(`
  fragment FlowDetail on Flow {
    pk slug name title designation authentication layout deniedAction policyEngineMode compatibilityMode
    diagram
    bindings {
      pk order evaluateOnPlan reEvaluatePolicies policyEngineMode invalidResponseAction
      stage { pk name verboseName }
    }
  }
`);var Z=y(`
  query DashboardFlow($slug: String!) {
    flow(slug: $slug) { ...FlowDetail }
  }
`),et=y(`
  mutation DashboardUpdateFlow($slug: String!, $input: UpdateFlowInput!) {
    updateFlow(slug: $slug, input: $input) { ...FlowDetail }
  }
`),tt=y(`
  mutation DashboardDeleteFlow($slug: String!) {
    deleteFlow(slug: $slug) { pk }
  }
`),nt=y(`
  mutation DashboardReorder($flowSlug: String!, $bindingPks: [ID!]!) {
    reorderFlowStages(flowSlug: $flowSlug, bindingPks: $bindingPks) { ...FlowDetail }
  }
`),ot=y(`
  mutation DashboardBind($input: CreateFlowStageBindingInput!) {
    createFlowStageBinding(input: $input) { pk stage { name } target { ...FlowDetail } }
  }
`),at=y(`
  mutation DashboardUnbind($pk: ID!) {
    deleteFlowStageBinding(pk: $pk) { pk }
  }
`),rt=y(`
  query DashboardStages($search: String) {
    stages(first: 100, search: $search, orderBy: { field: NAME }) {
      totalCount
      nodes { pk name verboseName }
    }
  }
`),A=0,Ce=null,W=new Map;async function Pe(e,t){document.title="flowgate · "+t;let o=++A;W.clear(),e.replaceChildren(n("p",{class:"note"},"Loading…"));let{data:a,errors:r}=await h(Z,{slug:t});if(o!==A)return;let i=a?.flow;if(!i){e.replaceChildren(qe(),n("h2",{},t)),r.length?b("The flow could not be loaded.",r):p("error","No flow with this slug, or this token may not see it.");return}r.length&&b("Parts of the flow could not be loaded.",r),Oe(e,i)}function Ue(){A++,Ce=null}function qe(){return n("p",{},n("a",{href:S({q:"",d:"",page:1})},"← all flows"))}function Oe(e,t){let o=++A;Ce=t;let a=it(t.slug);e.replaceChildren(n("section",{id:"flow-screen","data-slug":t.slug},qe(),n("div",{class:"title-row"},n("h2",{},t.name," ",n("code",{class:"slug"},t.slug)),a,st(t)),n("div",{class:"columns"},n("div",{},n("h3",{},"Stage bindings ",n("span",{class:"count"},`(${t.bindings.length})`)),dt(t),mt(t)),n("div",{},n("h3",{},"Settings"),lt(t))),n("h3",{},"Diagram"),ft(t,o)))}function it(e){if(!I.authentikURL)return null;let t;try{t=new URL("if/flow/"+encodeURIComponent(e)+"/",I.authentikURL.replace(/\/*$/,"/"))}catch{return null}return t.protocol!=="https:"&&t.protocol!=="http:"?null:n("a",{id:"run-flow",class:"button",href:t.href,target:"_blank",rel:"noopener noreferrer"},"Run in authentik ↗")}function st(e){let t=n("div",{class:"delete"}),o=n("button",{type:"button",id:"delete-flow",class:"danger"},"Delete flow…"),a=n("button",{type:"button",id:"delete-confirm",class:"danger"},"Delete"),r=n("button",{type:"button",id:"delete-cancel"},"Cancel"),i=n("span",{class:"confirm"},`Delete “${e.name}” and its ${e.bindings.length} binding${e.bindings.length===1?"":"s"}? `,a," ",r);return t.replaceChildren(o),o.addEventListener("click",()=>{t.replaceChildren(i),r.focus()}),r.addEventListener("click",()=>{t.replaceChildren(o),o.focus()}),a.addEventListener("click",async()=>{a.disabled=!0,p("busy","Deleting…");let{data:s,errors:l}=await h(tt,{slug:e.slug});if(a.disabled=!1,s?.deleteFlow){B("ok",`Flow “${e.name}” deleted.`),M(S({q:"",d:"",page:1}));return}t.replaceChildren(o),b("The flow was not deleted.",l)}),t}function lt(e){let t=n("input",{type:"text",value:e.name,autocomplete:"off"}),o=n("input",{type:"text",value:e.slug,autocomplete:"off",spellcheck:"false"}),a=n("input",{type:"text",value:e.title,autocomplete:"off"}),r=x(G,e.designation),i=x(Se,e.authentication),s=x(Fe,e.layout),l=x(ke,e.deniedAction),d=x(xe,e.policyEngineMode),u=n("input",{type:"checkbox"});u.checked=e.compatibilityMode;let c=n("button",{type:"submit",id:"save-flow",class:"primary"},"Save settings"),g=n("form",{id:"edit-form",novalidate:!0},m("input.name","Name",t),m("input.slug","Slug",o),m("input.title","Title",a),m("input.designation","Designation",r),m("input.authentication","Authentication",i),m("input.layout","Layout",s),m("input.deniedAction","Denied action",l),m("input.policyEngineMode","Policy engine mode",d),m("input.compatibilityMode","Compatibility mode",u),n("dl",{class:"props"},n("dt",{},"pk"),n("dd",{},n("code",{},e.pk))),n("p",{},c));return g.addEventListener("submit",async v=>{v.preventDefault();let f={};if(t.value!==e.name&&(f.name=t.value),o.value.trim()!==e.slug&&(f.slug=o.value.trim()),a.value!==e.title&&(f.title=a.value),r.value!==e.designation&&(f.designation=r.value),i.value!==e.authentication&&(f.authentication=i.value),s.value!==e.layout&&(f.layout=s.value),l.value!==e.deniedAction&&(f.deniedAction=l.value),d.value!==e.policyEngineMode&&(f.policyEngineMode=d.value),u.checked!==e.compatibilityMode&&(f.compatibilityMode=u.checked),Q(g),Object.keys(f).length===0){p("info","Nothing to save: no setting changed.");return}c.disabled=!0,p("busy","Saving…");let{data:T,errors:E}=await h(et,{slug:e.slug,input:f});c.disabled=!1;let w=T?.updateFlow;if(w){w.slug!==e.slug&&history.replaceState(null,"",R(w.slug)),N(w,"Settings saved.");return}let{shown:He,rest:ee}=L(g,E);ee.length?b(He?"The settings were not saved: see the fields marked, and:":"The settings were not saved.",ee):p("error","The settings were not saved: see the fields marked.")}),g}function N(e,t){let o=document.getElementById("main");if(!o)return;let a=document.activeElement?.closest("li.binding")?.dataset.pk;Oe(o,e),p("ok",t),a&&o.querySelector(`li.binding[data-pk="${CSS.escape(a)}"] .handle`)?.focus()}function dt(e){if(e.bindings.length===0)return n("p",{class:"note",id:"no-bindings"},"No stages are bound to this flow.");let t=n("ol",{id:"bindings",class:"bindings"},e.bindings.map(a=>ut(e,a))),o=n("p",{class:"hint",id:"reorder-help"},"Drag a stage by its ⠿ handle, or focus the handle and press ↑ or ↓, to change the order; it is saved at once.");return n("div",{},o,t)}function ut(e,t){let o=n("button",{type:"button",class:"handle","aria-describedby":"reorder-help","aria-label":`Move ${t.stage.name} (position ${e.bindings.indexOf(t)+1} of ${e.bindings.length})`},"⠿"),a=n("button",{type:"button",class:"unbind link","aria-label":`Unbind ${t.stage.name}`},"Unbind"),r=n("li",{class:"binding","data-pk":t.pk,"data-order":t.order},o,n("span",{class:"order"},t.order),n("span",{class:"stage"},n("span",{class:"stage-name"},t.stage.name)," ",n("span",{class:"verbose"},t.stage.verboseName)),n("span",{class:"flags"},[t.evaluateOnPlan&&"policies on plan",t.reEvaluatePolicies&&"re-evaluated"].filter(Boolean).join(", ")||"—"," · ",k(t.policyEngineMode)," · on invalid response: ",k(t.invalidResponseAction)),a);gt(e,r,o),o.addEventListener("keydown",s=>{if(s.key!=="ArrowUp"&&s.key!=="ArrowDown")return;s.preventDefault();let l=s.key==="ArrowUp"?r.previousElementSibling:r.nextElementSibling;l&&(s.key==="ArrowUp"?l.before(r):l.after(r),o.focus(),X(e,r.parentElement,600))});let i=0;return a.addEventListener("click",async()=>{if(!i){a.textContent="Really unbind?",a.classList.add("danger"),i=window.setTimeout(()=>{i=0,a.textContent="Unbind",a.classList.remove("danger")},5e3);return}window.clearTimeout(i),a.disabled=!0,p("busy",`Unbinding ${t.stage.name}…`);let{data:s,errors:l}=await h(at,{pk:t.pk});if(!s?.deleteFlowStageBinding){a.disabled=!1,b(`${t.stage.name} was not unbound.`,l);return}let d=await h(Z,{slug:e.slug});d.data?.flow?N(d.data.flow,`Unbound ${t.stage.name}.`):b(`Unbound ${t.stage.name}, but the flow could not be read again.`,d.errors)}),r}function gt(e,t,o){o.addEventListener("pointerdown",a=>{if(a.button!==0||V)return;a.preventDefault();let r=t.parentElement,i=[...r.children];o.setPointerCapture(a.pointerId),t.classList.add("dragging");let s=d=>{let u=null;for(let c of r.children){if(c===t)continue;let g=c.getBoundingClientRect();if(d.clientY<g.top+g.height/2){u=c;break}}u!==t.nextElementSibling&&r.insertBefore(t,u)},l=d=>{if(o.removeEventListener("pointermove",s),o.removeEventListener("pointerup",l),o.removeEventListener("pointercancel",l),t.classList.remove("dragging"),d.type==="pointercancel"){r.replaceChildren(...i);return}i.some((u,c)=>r.children[c]!==u)&&X(e,r,0)};o.addEventListener("pointermove",s),o.addEventListener("pointerup",l),o.addEventListener("pointercancel",l)})}var V=!1,Ie=0;function X(e,t,o){window.clearTimeout(Ie),p("busy","Saving the order…"),Ie=window.setTimeout(()=>{ct(e,t)},o)}async function ct(e,t){if(V){X(e,t,200);return}let o=[...t.querySelectorAll("li.binding")].map(u=>u.dataset.pk??"");V=!0;let a=A,{data:r,errors:i}=await h(nt,{flowSlug:e.slug,bindingPks:o});if(V=!1,a!==A)return;let s=r?.reorderFlowStages;if(s&&i.length===0){N(s,"Order saved.");return}if(s){N(s,""),p("error",pt(e,i));return}let l=await h(Z,{slug:e.slug});l.data?.flow&&N(l.data.flow,"");let d=i.flatMap(u=>Object.values(u.extensions?.fields??{}).flat());p("error","The order was not saved. ",d.join(" "),d.length?" ":"","The list shows the bindings as authentik has them now.",_(d.length?[]:i))}function pt(e,t){let o=new Map(e.bindings.map(s=>[s.pk,s.stage.name])),a=s=>o.has(s)?`${o.get(s)} (${s})`:s,r=t[0]?.extensions??{},i=s=>s&&s.length?s.map(a).join(", "):"none";return n("div",{class:"partial",id:"reorder-partial"},n("p",{},n("strong",{},"The reorder stopped partway. "),"The list shows the bindings as authentik has them now."),n("ul",{},n("li",{},"Failed: ",r.failedBindingPk?a(r.failedBindingPk):"unknown"),n("li",{},"Changed: ",i(r.changedBindingPks)),n("li",{},"Unchanged: ",i(r.unchangedBindingPks))),_(t))}function mt(e){let t=n("input",{type:"search",id:"stage-search",placeholder:"Filter stages by name",autocomplete:"off","aria-label":"Filter stages"}),o=n("select",{id:"bind-stage"},n("option",{value:""},"Loading stages…")),a=e.bindings.reduce((c,g)=>Math.max(c,g.order),0),r=n("input",{type:"number",id:"bind-order",step:"1",value:String(a+10)}),i=n("button",{type:"submit",id:"bind-submit"},"Bind stage"),s=n("form",{id:"bind-form",novalidate:!0},n("h4",{},"Bind a stage"),t,m("input.stagePk","Stage",o),m("input.order","Order",r,"lower runs first"),n("p",{},i)),l=0,d=async()=>{let c=++l,g=t.value.trim(),v=W.get(g);if(v||(v=await h(rt,{search:g||null}),v.data&&W.set(g,v)),c!==l)return;let{data:f,errors:T}=v,E=f?.stages;if(!E){o.replaceChildren(n("option",{value:""},"The stages could not be loaded")),b("The stages could not be loaded.",T);return}o.replaceChildren(n("option",{value:""},E.totalCount>E.nodes.length?`Choose a stage (${E.nodes.length} of ${E.totalCount}: filter to narrow)`:"Choose a stage"),...E.nodes.filter(w=>!!w).map(w=>n("option",{value:w.pk},`${w.name} (${w.verboseName})`)))},u=0;return t.addEventListener("input",()=>{window.clearTimeout(u),u=window.setTimeout(()=>{d()},250)}),d(),s.addEventListener("submit",async c=>{c.preventDefault(),Q(s);let g=Number(r.value);if(!o.value||r.value.trim()===""||!Number.isInteger(g)){L(s,[{message:"invalid input",extensions:{code:"BAD_USER_INPUT",fields:{...o.value?{}:{"input.stagePk":["Choose a stage."]},...r.value.trim()!==""&&Number.isInteger(g)?{}:{"input.order":["Enter a whole number."]}}}}]),p("error","The stage was not bound: see the fields marked.");return}i.disabled=!0,p("busy","Binding…");let{data:v,errors:f}=await h(ot,{input:{flowPk:e.pk,stagePk:o.value,order:g}});i.disabled=!1;let T=v?.createFlowStageBinding;if(T){N(T.target,`Bound ${T.stage.name} at order ${g}.`);return}let{shown:E,rest:w}=L(s,f);w.length?b(E?"The stage was not bound: see the fields marked, and:":"The stage was not bound.",w):p("error","The stage was not bound: see the fields marked.")}),s}function ft(e,t){if(!e.diagram)return n("p",{class:"note",id:"diagram"},"authentik returned no diagram for this flow.");let o=n("div",{id:"diagram",class:"diagram","aria-busy":"true"},n("p",{class:"note"},"Drawing the diagram…")),a=n("details",{id:"diagram-text"},n("summary",{},"Show the diagram as mermaid text"),n("pre",{},e.diagram));return Ne(o,e.diagram,()=>t===A),n("div",{},o,a)}oe(I.endpoint);var O=$("main");ie($("status"));function j(){let e=se(location.hash),t=!!O.querySelector("#list-screen");switch((e.screen!=="list"||!t)&&K(),e.screen!=="flow"&&Ue(),e.screen){case"list":Ee(O,e.state);break;case"new":Te(O);break;case"flow":Pe(O,e.slug);break}}function ht(){let e=$("auth"),t=$("authorization"),o=$("auth-status");if(!e||!t||!o)return;t.value=H();let a=()=>{o.textContent=H()?"token set":"no token: flowgate's default credentials"};a(),e.addEventListener("submit",r=>{r.preventDefault();let i=t.value.trim().replace(/^bearer\s+/i,"");t.value=i,te(i),a(),O.replaceChildren(),j()})}le(j);ht();window.addEventListener("hashchange",j);j();
