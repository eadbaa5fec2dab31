import"./chunk-3RNHDNP5.js";var z="flowgate:dashboard:token";function H(){try{return localStorage.getItem(z)??""}catch{return""}}function ne(e){try{e?localStorage.setItem(z,e):localStorage.removeItem(z)}catch{}}var te="/graphql";function re(e){te=e}async function b(e,n){let r={Accept:"application/json","Content-Type":"application/json"},i=H();i&&(r.Authorization="Bearer "+i);let o;try{o=await fetch(te,{method:"POST",headers:r,credentials:"omit",body:JSON.stringify({query:e.toString(),variables:n})})}catch(a){return{data:null,errors:[{message:"flowgate could not be reached: "+String(a),extensions:{code:"NETWORK"}}]}}try{let a=await o.json();return{data:a.data??null,errors:a.errors??[]}}catch{return{data:null,errors:[{message:`HTTP ${o.status}: the response is not JSON`,extensions:{code:"HTTP_"+o.status}}]}}}var ie=document.body.dataset,I={endpoint:ie.endpoint||"/graphql",authentikURL:ie.authentikUrl||""};function t(e,n,...r){let i=document.createElement(e);for(let[o,a]of Object.entries(n??{}))a==null||a===!1||(o.startsWith("on")&&typeof a=="function"?i.addEventListener(o.slice(2),a):i.setAttribute(o,a===!0?"":String(a)));return oe(i,r),i}function oe(e,n){for(let r of n)r==null||r===!1||(Array.isArray(r)?oe(e,r):e.append(r instanceof Node?r:String(r)))}function F(e){return e?e.toLowerCase().replace(/_/g," "):"unknown"}function A(e){return document.getElementById(e)}var E=null;function ae(e){E=e}function m(e,...n){E&&(E.dataset.kind=e,E.setAttribute("role",e==="error"?"alert":"status"),E.replaceChildren(t("span",{class:"message",id:"status-message"},...n)),E.hidden=!1)}function Be(){E&&(delete E.dataset.kind,E.replaceChildren(),E.hidden=!0)}var C=null;function B(e,n){C={kind:e,text:n}}function K(){C?m(C.kind,C.text):Be(),C=null}function _(e){return e.length===0?null:t("ul",{class:"errors"},e.map(n=>t("li",{},n.extensions?.code?t("code",{},n.extensions.code):null," ",n.message,n.path?t("span",{class:"path"}," at ",n.path.join(".")):null)))}function h(e,n){m("error",e,_(n))}var P=["AUTHENTICATION","AUTHORIZATION","ENROLLMENT","INVALIDATION","RECOVERY","STAGE_CONFIGURATION","UNENROLLMENT"];function se(e){let n=/^#\/flows\/([^?]+)$/.exec(e);if(n?.[1])return{screen:"flow",slug:decodeURIComponent(n[1])};if(e==="#/new")return{screen:"new"};let r=new URLSearchParams(e.replace(/^#\/?\??/,"")),i=r.get("d")??"",o=Number(r.get("page")??"1");return{screen:"list",state:{q:r.get("q")??"",d:P.includes(i)?i:"",page:Number.isInteger(o)&&o>=1?o:1}}}function N(e){let n=new URLSearchParams;e.q&&n.set("q",e.q),e.d&&n.set("d",e.d),e.page>1&&n.set("page",String(e.page));let r=n.toString();return r?"#/?"+r:"#/"}function $(e){return"#/flows/"+encodeURIComponent(e)}var Y=()=>{};function le(e){Y=e}function T(e,n=!1){if(location.hash===e){Y();return}n?(history.replaceState(null,"",e),Y()):location.hash=e}var k=class extends String{constructor(n,r){super(n),this.value=n,this.__meta__=r}toString(){return this.value}},de=new k(`
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
    `,{fragmentName:"FlowDetail"}),ge=new k(`
    mutation DashboardCreateFlow($input: CreateFlowInput!) {
  createFlow(input: $input) {
    pk
    slug
  }
}
    `),ue=new k(`
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
}`),pe=new k(`
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
}`),me=new k(`
    mutation DashboardDeleteFlow($slug: String!) {
  deleteFlow(slug: $slug) {
    pk
  }
}
    `),ce=new k(`
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
}`),fe=new k(`
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
}`),be=new k(`
    mutation DashboardUnbind($pk: ID!) {
  deleteFlowStageBinding(pk: $pk) {
    pk
  }
}
    `),he=new k(`
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
    `),we=new k(`
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
    `);var Qe={"\n  mutation DashboardCreateFlow($input: CreateFlowInput!) {\n    createFlow(input: $input) { pk slug }\n  }\n":ge,"\n  fragment FlowDetail on Flow {\n    pk slug name title designation authentication layout deniedAction policyEngineMode compatibilityMode\n    diagram\n    bindings {\n      pk order evaluateOnPlan reEvaluatePolicies policyEngineMode invalidResponseAction\n      stage { pk name verboseName }\n    }\n  }\n":de,"\n  query DashboardFlow($slug: String!) {\n    flow(slug: $slug) { ...FlowDetail }\n  }\n":ue,"\n  mutation DashboardUpdateFlow($slug: String!, $input: UpdateFlowInput!) {\n    updateFlow(slug: $slug, input: $input) { ...FlowDetail }\n  }\n":pe,"\n  mutation DashboardDeleteFlow($slug: String!) {\n    deleteFlow(slug: $slug) { pk }\n  }\n":me,"\n  mutation DashboardReorder($flowSlug: String!, $bindingPks: [ID!]!) {\n    reorderFlowStages(flowSlug: $flowSlug, bindingPks: $bindingPks) { ...FlowDetail }\n  }\n":ce,"\n  mutation DashboardBind($input: CreateFlowStageBindingInput!) {\n    createFlowStageBinding(input: $input) { pk stage { name } target { ...FlowDetail } }\n  }\n":fe,"\n  mutation DashboardUnbind($pk: ID!) {\n    deleteFlowStageBinding(pk: $pk) { pk }\n  }\n":be,"\n  query DashboardStages($search: String) {\n    stages(first: 100, search: $search, orderBy: { field: NAME }) {\n      totalCount\n      nodes { pk name verboseName }\n    }\n  }\n":he,"\n  query DashboardFlows($first: Int!, $after: String, $search: String, $filter: FlowFilter) {\n    flows(first: $first, after: $after, search: $search, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        pk\n        slug\n        name\n        title\n        designation\n        bindings { pk order stage { pk name verboseName } }\n      }\n    }\n  }\n":we};function v(e){return Qe[e]??{}}var J=25,Ge=v(`
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
`);function ye(e){return"flowgate:dashboard:cursors:"+JSON.stringify([e.q,e.d])}function ke(e){try{let n=JSON.parse(sessionStorage.getItem(ye(e))??"[null]");return Array.isArray(n)?n:[null]}catch{return[null]}}function Ve(e,n,r){let i=ke(e);i[n]=r;try{sessionStorage.setItem(ye(e),JSON.stringify(i))}catch{}}var U=null,ve=0;async function De(e,n){document.title="flowgate · flows",(!U||!e.contains(U.root))&&(U=Ke(e));let r=U;document.activeElement!==r.search&&(r.search.value=n.q),r.designation.value=n.d;let i=n.page>1?ke(n)[n.page-1]:null;if(n.page>1&&!i){T(N({...n,page:1}),!0);return}let o=++ve;r.results.setAttribute("aria-busy","true");let{data:a,errors:s}=await b(Ge,{first:J,after:i,search:n.q||null,filter:n.d?{designation:n.d}:null});if(o!==ve||U!==r)return;r.results.removeAttribute("aria-busy");let l=a?.flows;if(!l){r.results.replaceChildren(),h("The flows could not be loaded.",s);return}s.length&&h("Some flows could not be loaded.",s),l.pageInfo.endCursor&&Ve(n,n.page,l.pageInfo.endCursor);let d=l.nodes.filter(u=>!!u),g=(n.page-1)*J+1,p=Math.max(1,Math.ceil(l.totalCount/J));r.results.replaceChildren(t("p",{class:"count",id:"flow-count"},d.length?`${g}–${g+d.length-1} of ${l.totalCount} flows`:`0 of ${l.totalCount} flows`),d.length===0?t("p",{class:"note",id:"no-flows"},n.q||n.d?"No flow matches.":"No flows are visible with this token."):t("table",{id:"flows"},t("thead",{},t("tr",{},["Flow","Designation","Stages in order"].map(u=>t("th",{scope:"col"},u)))),t("tbody",{},d.map(je))),t("nav",{class:"pager","aria-label":"pages"},t("a",{id:"prev-page",class:"button",href:n.page>1?N({...n,page:n.page-1}):null,"aria-disabled":n.page<=1?"true":null},"← Previous")," ",t("span",{id:"page-info"},`page ${n.page} of ${p}`)," ",t("a",{id:"next-page",class:"button",href:l.pageInfo.hasNextPage?N({...n,page:n.page+1}):null,"aria-disabled":l.pageInfo.hasNextPage?null:"true"},"Next →")))}function je(e){return t("tr",{class:"flow","data-slug":e.slug,"data-designation":e.designation??""},t("td",{},t("a",{href:$(e.slug),class:"flow-link"},e.name),t("br"),t("code",{class:"slug"},e.slug)),t("td",{class:"designation"},F(e.designation)),t("td",{},ze(e.bindings)))}function ze(e){return e.length===0?t("p",{class:"chain empty"},"no stages bound"):t("ol",{class:"chain"},e.map((n,r)=>t("li",{"data-order":n.order},r>0?t("span",{class:"arrow","aria-hidden":"true"},"→"):null,t("span",{class:"pill",title:n.stage.verboseName},t("span",{class:"order"},n.order)," ",t("span",{class:"stage-name"},n.stage.name)))))}function Ke(e){let n=t("input",{id:"search",type:"search",placeholder:"Search name, slug, title, designation…","aria-label":"Search flows",autocomplete:"off",spellcheck:"false"}),r=t("select",{id:"designation","aria-label":"Designation"},t("option",{value:""},"All designations"),P.map(d=>t("option",{value:d},F(d)))),i=0,o=d=>{window.clearTimeout(i),T(N({q:n.value.trim(),d:r.value,page:1}),d)};n.addEventListener("input",()=>{window.clearTimeout(i),i=window.setTimeout(()=>o(!0),250)}),r.addEventListener("change",()=>o(!1));let a=t("form",{id:"list-controls",role:"search"},n,r,t("a",{id:"new-flow",class:"button primary",href:"#/new"},"New flow"));a.addEventListener("submit",d=>{d.preventDefault(),o(!1)});let s=t("div",{id:"results","aria-live":"polite"}),l=t("section",{id:"list-screen"},t("h2",{},"Flows"),a,s);return e.replaceChildren(l),{root:l,search:n,designation:r,results:s}}function c(e,n,r,i){let o="err-"+e.replace(/[^A-Za-z0-9_-]/g,"-");return r.setAttribute("aria-describedby",o),r.dataset.field=e,r.id||(r.id="f-"+e.replace(/[^A-Za-z0-9_-]/g,"-")),t("div",{class:"field","data-field":e},t("label",{for:r.id},n),r,i?t("span",{class:"hint"},i):null,t("div",{class:"field-error",id:o,"data-error-for":e}))}function S(e,n,r){let i=t("select",r??{},e.map(([o,a])=>t("option",{value:o},a)));return i.value=n??e[0]?.[0]??"",i}function Q(e){for(let n of e.querySelectorAll(".field-error"))n.replaceChildren();for(let n of e.querySelectorAll("[aria-invalid]"))n.removeAttribute("aria-invalid")}function R(e,n){Q(e);let r=0,i=[];for(let o of n){let a=o.extensions??{};if(a.code!=="BAD_USER_INPUT"||!a.fields&&!a.nonFieldErrors){i.push(o);continue}for(let[s,l]of Object.entries(a.fields??{}))for(let d of[].concat(l)){let g=e.querySelector(`[data-error-for="${CSS.escape(s)}"]`);g?(g.append(t("span",{},d)),e.querySelector(`[data-field="${CSS.escape(s)}"]:not(.field)`)?.setAttribute("aria-invalid","true"),r++):i.push({message:`${s}: ${d}`,extensions:{code:a.code}})}for(let s of a.nonFieldErrors??[])i.push({message:s,extensions:{code:a.code}})}return{shown:r,rest:i}}function q(e){return e.map(n=>[n,F(n)])}var G=q(P),Ee=q(["STACKED","CONTENT_LEFT","CONTENT_RIGHT","SIDEBAR_LEFT","SIDEBAR_RIGHT","SIDEBAR_LEFT_FRAME_BACKGROUND","SIDEBAR_RIGHT_FRAME_BACKGROUND"]),Fe=q(["MESSAGE_CONTINUE","MESSAGE","CONTINUE"]),Ne=q(["NONE","REQUIRE_AUTHENTICATED","REQUIRE_UNAUTHENTICATED","REQUIRE_SUPERUSER","REQUIRE_REDIRECT","REQUIRE_OUTPOST"]),Se=q(["ALL","ANY"]);var Ye=v(`
  mutation DashboardCreateFlow($input: CreateFlowInput!) {
    createFlow(input: $input) { pk slug }
  }
`);function xe(e){document.title="flowgate · new flow";let n=t("input",{type:"text",required:!0,autocomplete:"off"}),r=t("input",{type:"text",required:!0,autocomplete:"off",spellcheck:"false"}),i=t("input",{type:"text",required:!0,autocomplete:"off"}),o=S(G,"AUTHENTICATION"),a=!1;r.addEventListener("input",()=>{a=!0}),n.addEventListener("input",()=>{a||(r.value=n.value.toLowerCase().trim().replace(/[^a-z0-9_]+/g,"-").replace(/^-+|-+$/g,""))});let s=t("button",{type:"submit",class:"primary",id:"create-submit"},"Create flow"),l=t("form",{id:"create-form",novalidate:!0},c("input.name","Name",n),c("input.slug","Slug",r,"letters, digits, - and _; part of the flow's URL"),c("input.title","Title",i,"shown to the user while the flow runs"),c("input.designation","Designation",o),t("p",{},s," ",t("a",{href:"#/"},"Cancel")));l.addEventListener("submit",async d=>{d.preventDefault(),s.disabled=!0,m("busy","Creating…");let{data:g,errors:p}=await b(Ye,{input:{name:n.value,slug:r.value.trim(),title:i.value,designation:o.value}});if(s.disabled=!1,g?.createFlow){B("ok",`Flow “${n.value}” created.`),T($(g.createFlow.slug));return}let{shown:u,rest:y}=R(l,p);y.length?h(u?"The flow was not created: see the fields marked, and:":"The flow was not created.",y):m("error","The flow was not created: see the fields marked.")}),e.replaceChildren(t("section",{id:"create-screen"},t("p",{},t("a",{href:"#/"},"← all flows")),t("h2",{},"New flow"),l)),n.focus()}var Te=null,Je=0;function We(){return Te??=import("./chunk-MZ273XD5.js").then(({default:e})=>{let n=window.matchMedia?.("(prefers-color-scheme: dark)").matches;return e.initialize({startOnLoad:!1,securityLevel:"strict",theme:n?"dark":"neutral",layout:"dagre",htmlLabels:!1,flowchart:{htmlLabels:!1,useMaxWidth:!0,wrappingWidth:320},fontFamily:'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'}),e}),Te}var Me=new CSSStyleSheet,Ae=!1,Re="data-flowgate-theme",$e=Promise.resolve();function Ze(e){let n=$e.then(()=>Xe(e));return $e=n.catch(()=>{}),n}async function Xe(e){Ae||(document.adoptedStyleSheets=[...document.adoptedStyleSheets,Me],Ae=!0);let n=document.createElement;document.createElement=function(r,i){if(r.toLowerCase()!=="style")return n.call(this,r,i);let o=this.createElementNS("http://www.w3.org/2000/svg","metadata");return o.setAttribute(Re,""),Object.defineProperty(o,"innerHTML",{configurable:!0,get:()=>"",set:a=>Me.replaceSync(String(a))}),o};try{return await e()}finally{document.createElement=n}}async function Le(e,n,r){let i;try{let s=await We(),l="flow-diagram-"+ ++Je;({svg:i}=await Ze(()=>r()?s.render(l,n):Promise.reject(new Error("gone"))))}catch(s){if(!r())return;e.removeAttribute("aria-busy"),e.replaceChildren(t("p",{class:"errors"},"The diagram could not be drawn: "+String(s)," The text is below."));return}if(!r())return;let o=new DOMParser().parseFromString(i,"image/svg+xml"),a=o.documentElement;if(a.nodeName!=="svg"||o.querySelector("parsererror")){e.replaceChildren(t("p",{class:"errors"},"The diagram could not be drawn. The text is below."));return}for(let s of a.querySelectorAll(`[${Re}], style`))s.remove();a.setAttribute("role","img"),e.removeAttribute("aria-busy"),e.replaceChildren(document.importNode(a,!0))}v(`
  fragment FlowDetail on Flow {
    pk slug name title designation authentication layout deniedAction policyEngineMode compatibilityMode
    diagram
    bindings {
      pk order evaluateOnPlan reEvaluatePolicies policyEngineMode invalidResponseAction
      stage { pk name verboseName }
    }
  }
`);var Z=v(`
  query DashboardFlow($slug: String!) {
    flow(slug: $slug) { ...FlowDetail }
  }
`),en=v(`
  mutation DashboardUpdateFlow($slug: String!, $input: UpdateFlowInput!) {
    updateFlow(slug: $slug, input: $input) { ...FlowDetail }
  }
`),nn=v(`
  mutation DashboardDeleteFlow($slug: String!) {
    deleteFlow(slug: $slug) { pk }
  }
`),tn=v(`
  mutation DashboardReorder($flowSlug: String!, $bindingPks: [ID!]!) {
    reorderFlowStages(flowSlug: $flowSlug, bindingPks: $bindingPks) { ...FlowDetail }
  }
`),rn=v(`
  mutation DashboardBind($input: CreateFlowStageBindingInput!) {
    createFlowStageBinding(input: $input) { pk stage { name } target { ...FlowDetail } }
  }
`),on=v(`
  mutation DashboardUnbind($pk: ID!) {
    deleteFlowStageBinding(pk: $pk) { pk }
  }
`),an=v(`
  query DashboardStages($search: String) {
    stages(first: 100, search: $search, orderBy: { field: NAME }) {
      totalCount
      nodes { pk name verboseName }
    }
  }
`),M=0,Ce=null,W=new Map;async function Pe(e,n){document.title="flowgate · "+n;let r=++M;W.clear(),e.replaceChildren(t("p",{class:"note"},"Loading…"));let{data:i,errors:o}=await b(Z,{slug:n});if(r!==M)return;let a=i?.flow;if(!a){e.replaceChildren(qe(),t("h2",{},n)),o.length?h("The flow could not be loaded.",o):m("error","No flow with this slug, or this token may not see it.");return}o.length&&h("Parts of the flow could not be loaded.",o),Oe(e,a)}function Ue(){M++,Ce=null}function qe(){return t("p",{},t("a",{href:N({q:"",d:"",page:1})},"← all flows"))}function Oe(e,n){let r=++M;Ce=n;let i=sn(n.slug);e.replaceChildren(t("section",{id:"flow-screen","data-slug":n.slug},qe(),t("div",{class:"title-row"},t("h2",{},n.name," ",t("code",{class:"slug"},n.slug)),i,ln(n)),t("div",{class:"columns"},t("div",{},t("h3",{},"Stage bindings ",t("span",{class:"count"},`(${n.bindings.length})`)),gn(n),fn(n)),t("div",{},t("h3",{},"Settings"),dn(n))),t("h3",{},"Diagram"),bn(n,r)))}function sn(e){if(!I.authentikURL)return null;let n;try{n=new URL("if/flow/"+encodeURIComponent(e)+"/",I.authentikURL.replace(/\/*$/,"/"))}catch{return null}return n.protocol!=="https:"&&n.protocol!=="http:"?null:t("a",{id:"run-flow",class:"button",href:n.href,target:"_blank",rel:"noopener noreferrer"},"Run in authentik ↗")}function ln(e){let n=t("div",{class:"delete"}),r=t("button",{type:"button",id:"delete-flow",class:"danger"},"Delete flow…"),i=t("button",{type:"button",id:"delete-confirm",class:"danger"},"Delete"),o=t("button",{type:"button",id:"delete-cancel"},"Cancel"),a=t("span",{class:"confirm"},`Delete “${e.name}” and its ${e.bindings.length} binding${e.bindings.length===1?"":"s"}? `,i," ",o);return n.replaceChildren(r),r.addEventListener("click",()=>{n.replaceChildren(a),o.focus()}),o.addEventListener("click",()=>{n.replaceChildren(r),r.focus()}),i.addEventListener("click",async()=>{i.disabled=!0,m("busy","Deleting…");let{data:s,errors:l}=await b(nn,{slug:e.slug});if(i.disabled=!1,s?.deleteFlow){B("ok",`Flow “${e.name}” deleted.`),T(N({q:"",d:"",page:1}));return}n.replaceChildren(r),h("The flow was not deleted.",l)}),n}function dn(e){let n=t("input",{type:"text",value:e.name,autocomplete:"off"}),r=t("input",{type:"text",value:e.slug,autocomplete:"off",spellcheck:"false"}),i=t("input",{type:"text",value:e.title,autocomplete:"off"}),o=S(G,e.designation),a=S(Ne,e.authentication),s=S(Ee,e.layout),l=S(Fe,e.deniedAction),d=S(Se,e.policyEngineMode),g=t("input",{type:"checkbox"});g.checked=e.compatibilityMode;let p=t("button",{type:"submit",id:"save-flow",class:"primary"},"Save settings"),u=t("form",{id:"edit-form",novalidate:!0},c("input.name","Name",n),c("input.slug","Slug",r),c("input.title","Title",i),c("input.designation","Designation",o),c("input.authentication","Authentication",a),c("input.layout","Layout",s),c("input.deniedAction","Denied action",l),c("input.policyEngineMode","Policy engine mode",d),c("input.compatibilityMode","Compatibility mode",g),t("dl",{class:"props"},t("dt",{},"pk"),t("dd",{},t("code",{},e.pk))),t("p",{},p));return u.addEventListener("submit",async y=>{y.preventDefault();let f={};if(n.value!==e.name&&(f.name=n.value),r.value.trim()!==e.slug&&(f.slug=r.value.trim()),i.value!==e.title&&(f.title=i.value),o.value!==e.designation&&(f.designation=o.value),a.value!==e.authentication&&(f.authentication=a.value),s.value!==e.layout&&(f.layout=s.value),l.value!==e.deniedAction&&(f.deniedAction=l.value),d.value!==e.policyEngineMode&&(f.policyEngineMode=d.value),g.checked!==e.compatibilityMode&&(f.compatibilityMode=g.checked),Q(u),Object.keys(f).length===0){m("info","Nothing to save: no setting changed.");return}p.disabled=!0,m("busy","Saving…");let{data:x,errors:D}=await b(en,{slug:e.slug,input:f});p.disabled=!1;let w=x?.updateFlow;if(w){w.slug!==e.slug&&history.replaceState(null,"",$(w.slug)),L(w,"Settings saved.");return}let{shown:He,rest:ee}=R(u,D);ee.length?h(He?"The settings were not saved: see the fields marked, and:":"The settings were not saved.",ee):m("error","The settings were not saved: see the fields marked.")}),u}function L(e,n){let r=document.getElementById("main");if(!r)return;let i=document.activeElement?.closest("li.binding")?.dataset.pk;Oe(r,e),m("ok",n),i&&r.querySelector(`li.binding[data-pk="${CSS.escape(i)}"] .handle`)?.focus()}function gn(e){if(e.bindings.length===0)return t("p",{class:"note",id:"no-bindings"},"No stages are bound to this flow.");let n=t("ol",{id:"bindings",class:"bindings"},e.bindings.map(i=>un(e,i))),r=t("p",{class:"hint",id:"reorder-help"},"Drag a stage by its ⠿ handle, or focus the handle and press ↑ or ↓, to change the order; it is saved at once.");return t("div",{},r,n)}function un(e,n){let r=t("button",{type:"button",class:"handle","aria-describedby":"reorder-help","aria-label":`Move ${n.stage.name} (position ${e.bindings.indexOf(n)+1} of ${e.bindings.length})`},"⠿"),i=t("button",{type:"button",class:"unbind link","aria-label":`Unbind ${n.stage.name}`},"Unbind"),o=t("li",{class:"binding","data-pk":n.pk,"data-order":n.order},r,t("span",{class:"order"},n.order),t("span",{class:"stage"},t("span",{class:"stage-name"},n.stage.name)," ",t("span",{class:"verbose"},n.stage.verboseName)),t("span",{class:"flags"},[n.evaluateOnPlan&&"policies on plan",n.reEvaluatePolicies&&"re-evaluated"].filter(Boolean).join(", ")||"—"," · ",F(n.policyEngineMode)," · on invalid response: ",F(n.invalidResponseAction)),i);pn(e,o,r),r.addEventListener("keydown",s=>{if(s.key!=="ArrowUp"&&s.key!=="ArrowDown")return;s.preventDefault();let l=s.key==="ArrowUp"?o.previousElementSibling:o.nextElementSibling;l&&(s.key==="ArrowUp"?l.before(o):l.after(o),r.focus(),X(e,o.parentElement,600))});let a=0;return i.addEventListener("click",async()=>{if(!a){i.textContent="Really unbind?",i.classList.add("danger"),a=window.setTimeout(()=>{a=0,i.textContent="Unbind",i.classList.remove("danger")},5e3);return}window.clearTimeout(a),i.disabled=!0,m("busy",`Unbinding ${n.stage.name}…`);let{data:s,errors:l}=await b(on,{pk:n.pk});if(!s?.deleteFlowStageBinding){i.disabled=!1,h(`${n.stage.name} was not unbound.`,l);return}let d=await b(Z,{slug:e.slug});d.data?.flow?L(d.data.flow,`Unbound ${n.stage.name}.`):h(`Unbound ${n.stage.name}, but the flow could not be read again.`,d.errors)}),o}function pn(e,n,r){r.addEventListener("pointerdown",i=>{if(i.button!==0||V)return;i.preventDefault();let o=n.parentElement,a=[...o.children];r.setPointerCapture(i.pointerId),n.classList.add("dragging");let s=d=>{let g=null;for(let p of o.children){if(p===n)continue;let u=p.getBoundingClientRect();if(d.clientY<u.top+u.height/2){g=p;break}}g!==n.nextElementSibling&&o.insertBefore(n,g)},l=d=>{if(r.removeEventListener("pointermove",s),r.removeEventListener("pointerup",l),r.removeEventListener("pointercancel",l),n.classList.remove("dragging"),d.type==="pointercancel"){o.replaceChildren(...a);return}a.some((g,p)=>o.children[p]!==g)&&X(e,o,0)};r.addEventListener("pointermove",s),r.addEventListener("pointerup",l),r.addEventListener("pointercancel",l)})}var V=!1,Ie=0;function X(e,n,r){window.clearTimeout(Ie),m("busy","Saving the order…"),Ie=window.setTimeout(()=>{mn(e,n)},r)}async function mn(e,n){if(V){X(e,n,200);return}let r=[...n.querySelectorAll("li.binding")].map(g=>g.dataset.pk??"");V=!0;let i=M,{data:o,errors:a}=await b(tn,{flowSlug:e.slug,bindingPks:r});if(V=!1,i!==M)return;let s=o?.reorderFlowStages;if(s&&a.length===0){L(s,"Order saved.");return}if(s){L(s,""),m("error",cn(e,a));return}let l=await b(Z,{slug:e.slug});l.data?.flow&&L(l.data.flow,"");let d=a.flatMap(g=>Object.values(g.extensions?.fields??{}).flat());m("error","The order was not saved. ",d.join(" "),d.length?" ":"","The list shows the bindings as authentik has them now.",_(d.length?[]:a))}function cn(e,n){let r=new Map(e.bindings.map(s=>[s.pk,s.stage.name])),i=s=>r.has(s)?`${r.get(s)} (${s})`:s,o=n[0]?.extensions??{},a=s=>s&&s.length?s.map(i).join(", "):"none";return t("div",{class:"partial",id:"reorder-partial"},t("p",{},t("strong",{},"The reorder stopped partway. "),"The list shows the bindings as authentik has them now."),t("ul",{},t("li",{},"Failed: ",o.failedBindingPk?i(o.failedBindingPk):"unknown"),t("li",{},"Changed: ",a(o.changedBindingPks)),t("li",{},"Unchanged: ",a(o.unchangedBindingPks))),_(n))}function fn(e){let n=t("input",{type:"search",id:"stage-search",placeholder:"Filter stages by name",autocomplete:"off","aria-label":"Filter stages"}),r=t("select",{id:"bind-stage"},t("option",{value:""},"Loading stages…")),i=e.bindings.reduce((p,u)=>Math.max(p,u.order),0),o=t("input",{type:"number",id:"bind-order",step:"1",value:String(i+10)}),a=t("button",{type:"submit",id:"bind-submit"},"Bind stage"),s=t("form",{id:"bind-form",novalidate:!0},t("h4",{},"Bind a stage"),n,c("input.stagePk","Stage",r),c("input.order","Order",o,"lower runs first"),t("p",{},a)),l=0,d=async()=>{let p=++l,u=n.value.trim(),y=W.get(u);if(y||(y=await b(an,{search:u||null}),y.data&&W.set(u,y)),p!==l)return;let{data:f,errors:x}=y,D=f?.stages;if(!D){r.replaceChildren(t("option",{value:""},"The stages could not be loaded")),h("The stages could not be loaded.",x);return}r.replaceChildren(t("option",{value:""},D.totalCount>D.nodes.length?`Choose a stage (${D.nodes.length} of ${D.totalCount}: filter to narrow)`:"Choose a stage"),...D.nodes.filter(w=>!!w).map(w=>t("option",{value:w.pk},`${w.name} (${w.verboseName})`)))},g=0;return n.addEventListener("input",()=>{window.clearTimeout(g),g=window.setTimeout(()=>{d()},250)}),d(),s.addEventListener("submit",async p=>{p.preventDefault(),Q(s);let u=Number(o.value);if(!r.value||o.value.trim()===""||!Number.isInteger(u)){R(s,[{message:"invalid input",extensions:{code:"BAD_USER_INPUT",fields:{...r.value?{}:{"input.stagePk":["Choose a stage."]},...o.value.trim()!==""&&Number.isInteger(u)?{}:{"input.order":["Enter a whole number."]}}}}]),m("error","The stage was not bound: see the fields marked.");return}a.disabled=!0,m("busy","Binding…");let{data:y,errors:f}=await b(rn,{input:{flowPk:e.pk,stagePk:r.value,order:u}});a.disabled=!1;let x=y?.createFlowStageBinding;if(x){L(x.target,`Bound ${x.stage.name} at order ${u}.`);return}let{shown:D,rest:w}=R(s,f);w.length?h(D?"The stage was not bound: see the fields marked, and:":"The stage was not bound.",w):m("error","The stage was not bound: see the fields marked.")}),s}function bn(e,n){if(!e.diagram)return t("p",{class:"note",id:"diagram"},"authentik returned no diagram for this flow.");let r=t("div",{id:"diagram",class:"diagram","aria-busy":"true"},t("p",{class:"note"},"Drawing the diagram…")),i=t("details",{id:"diagram-text"},t("summary",{},"Show the diagram as mermaid text"),t("pre",{},e.diagram));return Le(r,e.diagram,()=>n===M),t("div",{},r,i)}re(I.endpoint);var O=A("main");ae(A("status"));function j(){let e=se(location.hash),n=!!O.querySelector("#list-screen");switch((e.screen!=="list"||!n)&&K(),e.screen!=="flow"&&Ue(),e.screen){case"list":De(O,e.state);break;case"new":xe(O);break;case"flow":Pe(O,e.slug);break}}function hn(){let e=A("auth"),n=A("authorization"),r=A("auth-status");if(!e||!n||!r)return;n.value=H();let i=()=>{r.textContent=H()?"token set":"no token: flowgate's default credentials"};i(),e.addEventListener("submit",o=>{o.preventDefault();let a=n.value.trim().replace(/^bearer\s+/i,"");n.value=a,ne(a),i(),O.replaceChildren(),j()})}le(j);hn();window.addEventListener("hashchange",j);j();
